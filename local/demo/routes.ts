/**
 * Local-only pages and endpoints the local API Gateway serves outside the API (never deployed):
 * - `GET /demo/`: the demo of a merchant's server: it creates a checkout and opens its hosted page
 *   (local/demo/index.html);
 * - `GET /demo/frontend/`: the demo of a merchant's frontend that starts payments for a signed-in
 *   customer with `initiate` (local/demo/frontend.html);
 * - `GET /demo/app.js`, `GET /demo/frontend.js`: their scripts, bundled from local/demo/app.ts and
 *   frontend.ts with the typed client by esbuild on each request (a few milliseconds), so edits
 *   show on reload with no build step;
 * - `POST /_local/token {"sub": "…", "merchant"?: true}`: a token from the local issuer, a demo
 *   user's or (with `merchant`) a merchant server's, carrying the merchant scope.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalIssuer } from '../jwt.ts';

export interface LocalRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface LocalResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Answers a request, or returns undefined when the path is not one of these. */
export type LocalRoutes = (request: LocalRequest) => Promise<LocalResponse | undefined>;

const DEMO_DIR = import.meta.dirname;
const SUB = /^[A-Za-z0-9._@-]{1,64}$/;
/** Demo tokens live an hour: enough for a session, short enough not to matter if copied. */
const DEMO_TOKEN_TTL_SECONDS = 3600;

const text = (statusCode: number, type: string, body: string | Buffer): LocalResponse => ({
  statusCode,
  headers: { 'content-type': type, 'cache-control': 'no-store' },
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
});

const problem = (statusCode: number, code: string, detail: string): LocalResponse =>
  text(
    statusCode,
    'application/problem+json',
    JSON.stringify({
      type: `urn:feexpay-serverless:problem:${code}`,
      status: statusCode,
      code,
      detail,
    }),
  );

async function bundle(entry: 'app.ts' | 'frontend.ts'): Promise<string> {
  // Loaded on first use: starting the stack does not pay for esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(DEMO_DIR, entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

export function createDemoRoutes(options: {
  issuer: LocalIssuer;
  /** The scope merchant tokens carry (MERCHANT_SCOPE). */
  merchantScope: string;
}): LocalRoutes {
  return async ({ method, path, body }) => {
    if (path === '/demo' && (method === 'GET' || method === 'HEAD')) {
      return { statusCode: 308, headers: { location: '/demo/' }, body: Buffer.alloc(0) };
    }
    if (
      (path === '/demo/' || path === '/demo/index.html') &&
      (method === 'GET' || method === 'HEAD')
    ) {
      return text(200, 'text/html; charset=utf-8', await readFile(join(DEMO_DIR, 'index.html')));
    }
    if (path === '/demo/frontend' && (method === 'GET' || method === 'HEAD')) {
      return { statusCode: 308, headers: { location: '/demo/frontend/' }, body: Buffer.alloc(0) };
    }
    if (path === '/demo/frontend/' && (method === 'GET' || method === 'HEAD')) {
      return text(200, 'text/html; charset=utf-8', await readFile(join(DEMO_DIR, 'frontend.html')));
    }
    if (path === '/demo/app.js' && (method === 'GET' || method === 'HEAD')) {
      return text(200, 'text/javascript; charset=utf-8', await bundle('app.ts'));
    }
    if (path === '/demo/frontend.js' && (method === 'GET' || method === 'HEAD')) {
      return text(200, 'text/javascript; charset=utf-8', await bundle('frontend.ts'));
    }
    if (path === '/_local/token') {
      if (method !== 'POST') return problem(405, 'method_not_allowed', 'POST {"sub": "…"}.');
      let sub: unknown;
      let merchant: unknown;
      try {
        ({ sub, merchant } = JSON.parse(body.toString('utf8') || '{}') as {
          sub?: unknown;
          merchant?: unknown;
        });
      } catch {
        return problem(400, 'malformed_json', 'The body is not valid JSON.');
      }
      if (typeof sub !== 'string' || !SUB.test(sub)) {
        return problem(
          400,
          'validation_failed',
          'sub: 1–64 letters, digits, ".", "_", "@" or "-".',
        );
      }
      const token = await options.issuer.sign(sub, {
        expiresInSeconds: DEMO_TOKEN_TTL_SECONDS,
        ...(merchant === true ? { claims: { scope: options.merchantScope, client_id: sub } } : {}),
      });
      return text(
        200,
        'application/json',
        JSON.stringify({ token, sub, expiresInSeconds: DEMO_TOKEN_TTL_SECONDS }),
      );
    }
    return undefined;
  };
}
