/**
 * The local JWT issuer. It stands in for the identity provider the deployed API Gateway's JWT
 * authorizer trusts: an RS256 key pair (API Gateway accepts RSA algorithms only) kept as a JWK in
 * LOCAL_STATE_DIR, so `npm start` and `npm run token` agree whether or not the stack runs.
 *
 * `verifyToken` checks what the authorizer checks: the signature with the issuer's key (matched by
 * `kid`), an allowed algorithm, `iss`, `aud` (or `client_id` when there is no `aud`), `exp`, `nbf`
 * and `iat`. Anything else is the handler's business.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';

export const JWT_ALGORITHM = 'RS256';
const KEY_FILE = 'jwt-signing-key.json';
/** Tokens from `npm run token` live this long (the brief asks for at least one hour). */
export const DEFAULT_TOKEN_TTL_SECONDS = 24 * 3600;

export interface IssuerConfig {
  stateDir: string;
  issuer: string;
  audience: string;
}

export interface SignOptions {
  /** @default 86400 (24 h) */
  expiresInSeconds?: number;
  /** Seconds from now before the token becomes valid (`nbf`). @default 0 */
  notBeforeInSeconds?: number;
  /** Extra or overriding claims (tests: `iss`, `aud`, `scope`, …). */
  claims?: JWTPayload;
}

interface StoredKey {
  kid: string;
  alg: string;
  privateJwk: JWK;
}

export interface LocalIssuer {
  config: IssuerConfig;
  kid: string;
  /** The public JWKS, as `/.well-known/jwks.json` serves it. */
  jwks: { keys: JWK[] };
  sign(sub: string, options?: SignOptions): Promise<string>;
  /** The verified claims; throws `TokenRejectedError` with the reason otherwise. */
  verify(token: string): Promise<JWTPayload>;
}

/** Why a token was refused; the message is safe to show the caller. */
export class TokenRejectedError extends Error {
  override name = 'TokenRejectedError';
}

async function createKey(): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair(JWT_ALGORITHM, {
    extractable: true,
    modulusLength: 2048,
  });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(privateJwk);
  return {
    kid,
    alg: JWT_ALGORITHM,
    privateJwk: { ...privateJwk, kid, alg: JWT_ALGORITHM, use: 'sig' },
  };
}

/**
 * The key in `stateDir`, created on first use. Creation is exclusive (written to a temporary file,
 * then hard-linked into place, which fails if another process got there first), so two processes
 * starting together end up with the same key.
 */
export async function loadOrCreateKey(stateDir: string): Promise<StoredKey> {
  const path = join(stateDir, KEY_FILE);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as StoredKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const key = await createKey();
  const temporary = join(stateDir, `.${KEY_FILE}.${process.pid}.${randomUUID()}`);
  await writeFile(temporary, JSON.stringify(key, null, 2), { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(await readFile(path, 'utf8')) as StoredKey;
  } finally {
    await unlink(temporary).catch(() => {});
  }
}

function publicPart(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk;
  return rest;
}

export async function createLocalIssuer(config: IssuerConfig): Promise<LocalIssuer> {
  const stored = await loadOrCreateKey(config.stateDir);
  const privateKey = (await importJWK(stored.privateJwk, stored.alg)) as CryptoKey;
  const publicJwk = publicPart(stored.privateJwk);
  const publicKey = (await importJWK(publicJwk, stored.alg)) as CryptoKey;

  async function sign(sub: string, options: SignOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const ttl = options.expiresInSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
    const payload: JWTPayload = {
      iss: config.issuer,
      aud: config.audience,
      sub,
      iat: now,
      nbf: now + (options.notBeforeInSeconds ?? 0),
      exp: now + ttl,
      jti: randomUUID(),
      ...options.claims,
    };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: stored.alg, kid: stored.kid, typ: 'JWT' })
      .sign(privateKey);
  }

  async function verify(token: string): Promise<JWTPayload> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new TokenRejectedError('The bearer token is not a JWT.');
    }
    if (header.alg !== stored.alg) {
      throw new TokenRejectedError(`The token's algorithm ${String(header.alg)} is not accepted.`);
    }
    if (header.kid !== stored.kid) {
      throw new TokenRejectedError("The token's signing key is not the issuer's.");
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, publicKey, {
        algorithms: [stored.alg],
        issuer: config.issuer,
        clockTolerance: 0,
      }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw new TokenRejectedError('The token has expired.');
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
        const claim = (error as { claim?: string }).claim;
        if (claim === 'nbf') throw new TokenRejectedError('The token is not valid yet.');
        if (claim === 'iss')
          throw new TokenRejectedError('The token was issued by another issuer.');
        throw new TokenRejectedError(`The token's ${claim ?? 'claims'} claim is not valid.`);
      }
      throw new TokenRejectedError('The token signature is not valid.');
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.exp !== 'number') throw new TokenRejectedError('The token has no expiry.');
    if (typeof payload.iat === 'number' && payload.iat > now) {
      throw new TokenRejectedError('The token was issued in the future.');
    }
    // API Gateway: `aud` must contain the audience; tokens without `aud` may carry `client_id`.
    const audiences = payload.aud === undefined ? [] : [payload.aud].flat();
    const accepted =
      payload.aud === undefined
        ? payload.client_id === config.audience
        : audiences.includes(config.audience);
    if (!accepted) throw new TokenRejectedError('The token is meant for another audience.');
    return payload;
  }

  return { config, kid: stored.kid, jwks: { keys: [publicJwk] }, sign, verify };
}

/**
 * Claims as API Gateway hands them to the function: every value a string (numbers stringified,
 * arrays as `[a b]`).
 */
export function claimsForEvent(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) claims[name] = `[${value.join(' ')}]`;
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}
