/**
 * The local API Gateway: a node:http server that turns each request into an HTTP API (payload 2.0)
 * event for the real handler of the matching route, checks JWTs on routes whose auth kind needs
 * one as the deployed authorizer does (issuer, audience, expiry, scopes), and writes the handler's
 * result back as API Gateway would.
 *
 * Unmatched requests go to the `$default` row's function (`defaultRoute` in lib/routes.ts).
 * Requests the gateway itself refuses (bad token, missing scope, body over 10 MB, malformed path or
 * HTTP) get problem+json in the API's shape. It also serves, outside the API's base path:
 * - `GET /.well-known/jwks.json`: the local issuer's public key;
 * - `/_local/merchant-webhook`: a sink for merchant notifications (POST records, GET lists);
 * - whatever `localRoutes` answers (the demo checkout at `/demo/`, `POST /_local/token`).
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Socket } from 'node:net';
import type { CorsRules } from '../lib/cors.ts';
import {
  AUTH,
  type AuthRule,
  DEFAULT_SCOPES,
  defaultRoute,
  fullPath,
  type Grants,
  type Route,
  requiredScopes,
  type ScopeRole,
} from '../lib/routes.ts';
import {
  errorKind,
  ForbiddenError,
  HttpError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  UnauthorizedError,
} from '../shared/errors.ts';
import {
  correlationIdOf,
  type HttpEvent,
  type HttpResponse,
  problemResponse,
} from '../shared/http/problem.ts';
import { createRouteMatcher } from '../shared/http/route-match.ts';
import { LOCAL_ACCOUNT_ID } from './aws.ts';
import { preflightAnswer, withCorsHeaders } from './cors.ts';
import type { LocalRoutes } from './demo/routes.ts';
import { claimsForEvent, type LocalIssuer, TokenRejectedError } from './jwt.ts';
import {
  API_GATEWAY_TIMEOUT_MS,
  DEFAULT_TIMEOUT_SECONDS,
  type LambdaHandler,
  lambdaContext,
  resolveHandler,
} from './lambda.ts';
import { portOf } from './ports.ts';

/**
 * A route row; tests may give `handler` directly instead of an `entry` file, and name an auth kind
 * of their own (see `authKinds`).
 */
export type LocalRoute = Omit<Route, 'entry' | 'grants' | 'auth'> & {
  auth: string;
  entry?: string;
  grants?: Grants;
  handler?: LambdaHandler;
};

export interface ApiGatewayOptions {
  host: string;
  /** 0: a free port. */
  port: number;
  routes: readonly LocalRoute[];
  issuer: LocalIssuer;
  /** What each auth kind requires. @default AUTH of lib/routes.ts */
  authKinds?: Readonly<Record<string, AuthRule>>;
  /** The scope string of each role (`MERCHANT_SCOPE`). @default DEFAULT_SCOPES of lib/routes.ts */
  scopes?: Readonly<Record<ScopeRole, string>>;
  /** Function behind `$default`. @default the `defaultRoute` row */
  notFound?: { entry?: string; handler?: LambdaHandler };
  /** Where the gateway reports handler crashes. @default console.error */
  log?: (message: string, error?: unknown) => void;
  /** Local-only pages and endpoints outside the API (the demo checkout, `/_local/token`). */
  localRoutes?: LocalRoutes;
  /** CORS as the deployed HTTP API applies it (lib/cors.ts); none when omitted. */
  cors?: CorsRules;
}

export interface MerchantDelivery {
  receivedAt: string;
  headers: Record<string, string>;
  body: string;
}

export interface ApiGateway {
  /** `http://host:port` */
  url: string;
  port: number;
  server: Server;
  /** What the merchant-webhook sink received, oldest first (last 200). */
  merchantDeliveries: MerchantDelivery[];
  close(): Promise<void>;
}

/** API Gateway's request payload limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
const SINK_PATH = '/_local/merchant-webhook';
const JWKS_PATH = '/.well-known/jwks.json';

class FunctionTimeout extends Error {
  constructor(ms: number) {
    super(`Task timed out after ${ms / 1000} seconds`);
  }
}

class MalformedRequestError extends errorKind(
  400,
  'malformed_request',
  'The request is malformed',
) {}

class HeadersTooLargeError extends errorKind(
  431,
  'headers_too_large',
  'The request headers are too large',
) {}

/**
 * `TOKEN=$(npm run token -- alice)` without `--silent` captures npm's `> package script` banner
 * before the token; sent as a header it breaks the request line by line (bin/token.ts).
 */
const NPM_BANNER_IN_HEADER = /^[\w-]+:[^\r\n]*\n> [^\n]* token\n/m;
const NPM_BANNER_DETAIL =
  'A header holds npm\'s "> … token" banner before the token: capture the token alone with TOKEN=$(npm run --silent token -- <sub>).';

function npmBannerIn(rawPacket: Buffer | undefined): boolean {
  return rawPacket !== undefined && NPM_BANNER_IN_HEADER.test(rawPacket.toString('latin1'));
}

/** The scopes `rule` requires that `granted` lacks. */
function missingScopes(
  rule: AuthRule,
  granted: readonly string[],
  names: Readonly<Record<ScopeRole, string>>,
): string[] {
  return requiredScopes(rule, names).filter((scope) => !granted.includes(scope));
}

/** Content types API Gateway passes as text; any other body arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type === 'application/x-www-form-urlencoded'
  );
}

/** `26/Nov/2026:07:15:25 +0000`, API Gateway's `requestContext.time`. */
function apiGatewayTime(date: Date): string {
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(
    date.getUTCHours(),
  )}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

function sourceIpOf(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

/** Lower-cased headers, repeats comma-joined; cookies split out as API Gateway does. */
function collectHeaders(req: IncomingMessage): {
  headers: Record<string, string>;
  cookies: string[];
} {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (name === 'cookie') {
      for (const part of value.split(';')) {
        const cookie = part.trim();
        if (cookie) cookies.push(cookie);
      }
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies };
}

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const result: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    result[key] = key in result ? `${result[key]},${value}` : value;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    // Events, not `for await`: leaving that loop early would destroy the socket before we answer.
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        over = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function tooLarge(): PayloadTooLargeError {
  return new PayloadTooLargeError(`The body must be at most ${MAX_BODY_BYTES} bytes (10 MB).`);
}

function write(
  req: IncomingMessage,
  res: ServerResponse,
  response: {
    statusCode: number;
    headers: Record<string, string>;
    cookies?: string[];
    body: Buffer;
  },
): void {
  if (res.headersSent) return;
  for (const [name, value] of Object.entries(response.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection')
      continue;
    res.setHeader(lower, value);
  }
  if (response.cookies && response.cookies.length > 0)
    res.setHeader('set-cookie', response.cookies);
  res.setHeader('content-length', response.body.length);
  res.writeHead(response.statusCode);
  res.end(req.method === 'HEAD' ? undefined : response.body);
}

function writeProblem(
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  correlationId: string,
) {
  const problem = problemResponse(error, correlationId);
  write(req, res, {
    statusCode: problem.statusCode,
    headers: problem.headers,
    body: Buffer.from(problem.body ?? ''),
  });
}

/**
 * API Gateway's payload 2.0 response rules: an object with `statusCode` is used as is; anything
 * else (a string, an object without `statusCode`) is a 200 JSON body.
 */
export function toHttpResponse(result: unknown): {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: Buffer;
} {
  if (result !== null && typeof result === 'object' && 'statusCode' in result) {
    const structured = result as {
      statusCode: unknown;
      headers?: Record<string, unknown>;
      cookies?: unknown;
      body?: unknown;
      isBase64Encoded?: unknown;
    };
    const status = Number(structured.statusCode);
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new Error(
        `The function returned an invalid statusCode: ${String(structured.statusCode)}`,
      );
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(structured.headers ?? {})) {
      if (value !== undefined && value !== null) headers[name] = String(value);
    }
    const text =
      structured.body === undefined || structured.body === null ? '' : String(structured.body);
    const body =
      structured.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
    const cookies = Array.isArray(structured.cookies) ? structured.cookies.map(String) : undefined;
    return { statusCode: status, headers, ...(cookies ? { cookies } : {}), body };
  }
  const text = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(text, 'utf8'),
  };
}

function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const value = authorization.trim();
  // The authorizer takes the token with or without the `Bearer ` prefix.
  const token = /^bearer\s+/i.test(value) ? value.replace(/^bearer\s+/i, '') : value;
  return token || undefined;
}

export async function startApiGateway(options: ApiGatewayOptions): Promise<ApiGateway> {
  const authKinds: Readonly<Record<string, AuthRule>> = options.authKinds ?? AUTH;
  for (const route of options.routes) {
    if (!authKinds[route.auth])
      throw new Error(`Route ${route.id}: unknown auth kind "${route.auth}"`);
  }
  const matcher = createRouteMatcher(options.routes as readonly Route[]);
  const log = options.log ?? ((message, error) => console.error(`[local] ${message}`, error ?? ''));
  const notFound = { ...defaultRoute, ...options.notFound };
  const merchantDeliveries: MerchantDelivery[] = [];

  /**
   * Runs the function as Lambda behind API Gateway would: past its own timeout it is a failed
   * invocation (500); past API Gateway's 29 s the gateway answers 503.
   */
  async function invoke(
    target: { id: string; entry?: string; handler?: LambdaHandler; timeoutSeconds?: number },
    event: HttpEvent,
  ): Promise<ReturnType<typeof toHttpResponse>> {
    const correlationId = correlationIdOf(event);
    const functionTimeoutMs = (target.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS.route) * 1000;
    const waitMs = Math.min(functionTimeoutMs, API_GATEWAY_TIMEOUT_MS);
    let timer: NodeJS.Timeout | undefined;
    try {
      const handler = await resolveHandler(target);
      const result = await Promise.race([
        Promise.resolve(handler(event, lambdaContext(target.id, functionTimeoutMs))),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new FunctionTimeout(waitMs)), waitMs);
        }),
      ]);
      return toHttpResponse(result);
    } catch (error) {
      if (error instanceof FunctionTimeout && waitMs < functionTimeoutMs) {
        log(`${target.id}: API Gateway stopped waiting after ${waitMs / 1000} s`);
        return toProblem(
          problemResponse(
            new ServiceUnavailableError('The request took too long; retry later.'),
            correlationId,
          ),
        );
      }
      // As API Gateway: a crashed function is a 500, whatever it threw.
      log(`${target.id} failed`, error);
      return toProblem(problemResponse(new Error('function error'), correlationId));
    } finally {
      clearTimeout(timer);
    }
  }

  function toProblem(problem: HttpResponse) {
    return {
      statusCode: problem.statusCode,
      headers: problem.headers,
      body: Buffer.from(problem.body ?? ''),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    let rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    const rawQueryString = queryAt === -1 ? '' : rawUrl.slice(queryAt + 1);
    if (/^https?:\/\//i.test(rawPath)) rawPath = new URL(rawPath).pathname; // absolute-form target
    const method = (req.method ?? 'GET').toUpperCase();
    const { headers, cookies } = collectHeaders(req);
    const early = { headers, requestContext: { requestId } } as unknown as HttpEvent;
    res.setHeader('apigw-requestid', requestId);

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        // Node closes the connection once this answer is sent; the rest of the body is dropped.
        res.setHeader('connection', 'close');
        writeProblem(req, res, error, correlationIdOf(early));
        return;
      }
      throw error;
    }

    if (rawPath === SINK_PATH) return merchantSink(req, res, method, headers, body);
    if (rawPath === JWKS_PATH && method === 'GET') {
      write(req, res, {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(options.issuer.jwks)),
      });
      return;
    }
    const local = await options.localRoutes?.({ method, path: rawPath, headers, body });
    if (local) {
      write(req, res, local);
      return;
    }

    // From here on, the API: CORS first, as API Gateway does before any route or authorizer.
    if (options.cors) {
      const preflight = preflightAnswer(options.cors, method, headers);
      if (preflight) {
        write(req, res, preflight);
        return;
      }
      for (const [name, value] of Object.entries(withCorsHeaders(options.cors, headers, {}))) {
        res.setHeader(name, value);
      }
    }

    // No match, a path parameter that is not percent-encoded UTF-8 included, goes to `$default`
    // as on API Gateway: the deployed function must answer it, so the local one does.
    const found = matcher.match(method, rawPath);
    const route = 'route' in found ? (found.route as LocalRoute) : undefined;
    const pathParameters = 'route' in found ? found.pathParameters : {};
    const routeKey = route ? `${route.method} ${fullPath(route)}` : '$default';

    const now = new Date();
    const host = headers.host ?? `${options.host}:${port}`;
    const domainName = host.replace(/:\d+$/, '');
    const hasBody = body.length > 0;
    const asText = isTextContentType(headers['content-type']);
    const queryStringParameters = queryParameters(rawQueryString);
    const event: HttpEvent = {
      version: '2.0',
      routeKey,
      rawPath,
      rawQueryString,
      ...(cookies.length > 0 ? { cookies } : {}),
      headers: {
        ...headers,
        'x-forwarded-for': headers['x-forwarded-for'] ?? sourceIpOf(req),
        'x-forwarded-port': String(port),
        'x-forwarded-proto': 'http',
      },
      ...(queryStringParameters ? { queryStringParameters } : {}),
      ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
      requestContext: {
        accountId: LOCAL_ACCOUNT_ID,
        apiId: 'local',
        domainName,
        domainPrefix: domainName.split('.')[0] ?? domainName,
        http: {
          method,
          path: rawPath,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: sourceIpOf(req),
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey,
        stage: '$default',
        time: apiGatewayTime(now),
        timeEpoch: now.getTime(),
      },
      ...(hasBody ? { body: asText ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: hasBody && !asText,
    };

    const rule = route ? authKinds[route.auth] : undefined;
    if (rule?.jwt) {
      const token = bearerToken(headers.authorization);
      if (!token) {
        res.setHeader('www-authenticate', 'Bearer');
        writeProblem(
          req,
          res,
          new UnauthorizedError('Send "Authorization: Bearer <token>".'),
          correlationIdOf(event),
        );
        return;
      }
      let payload: Awaited<ReturnType<LocalIssuer['verify']>>;
      try {
        payload = await options.issuer.verify(token);
      } catch (error) {
        const detail =
          error instanceof TokenRejectedError ? error.message : 'The token is not valid.';
        res.setHeader(
          'www-authenticate',
          `Bearer error="invalid_token", error_description="${detail.replaceAll('"', "'")}"`,
        );
        writeProblem(req, res, new UnauthorizedError(detail), correlationIdOf(event));
        return;
      }
      const scopes =
        typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : null;
      const missing = missingScopes(rule, scopes ?? [], options.scopes ?? DEFAULT_SCOPES);
      if (missing.length > 0) {
        // API Gateway answers 403 when a valid token lacks a scope the route requires.
        res.setHeader(
          'www-authenticate',
          `Bearer error="insufficient_scope", scope="${missing.join(' ')}"`,
        );
        writeProblem(
          req,
          res,
          new ForbiddenError(`This route needs the scope ${missing.join(' ')}.`),
          correlationIdOf(event),
        );
        return;
      }
      event.requestContext.authorizer = {
        jwt: { claims: claimsForEvent(payload), scopes },
      };
    }

    const answer = await invoke(route ?? notFound, event);
    // The gateway's CORS headers (set above) are the only ones: a function's are dropped.
    if (options.cors) answer.headers = withCorsHeaders(options.cors, {}, answer.headers);
    write(req, res, answer);
  }

  function merchantSink(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    headers: Record<string, string>,
    body: Buffer,
  ): void {
    if (method === 'POST') {
      merchantDeliveries.push({
        receivedAt: new Date().toISOString(),
        headers,
        body: body.toString('utf8'),
      });
      if (merchantDeliveries.length > 200) merchantDeliveries.shift();
      write(req, res, { statusCode: 204, headers: {}, body: Buffer.alloc(0) });
      return;
    }
    write(req, res, {
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: Buffer.from(JSON.stringify({ deliveries: merchantDeliveries })),
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      log('gateway error', error);
      writeProblem(
        req,
        res,
        error instanceof HttpError ? error : new Error('gateway error'),
        randomUUID(),
      );
    });
  });
  // Malformed HTTP (bad request line, header overflow, …): problem+json, never a bare 400.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const problemError =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? new HeadersTooLargeError('The request headers are too large.')
        : new MalformedRequestError(
            npmBannerIn((error as { rawPacket?: Buffer }).rawPacket)
              ? NPM_BANNER_DETAIL
              : 'The request is not valid HTTP/1.1.',
          );
    const problem = problemResponse(problemError, randomUUID());
    const text = problem.body ?? '';
    socket.end(
      `HTTP/1.1 ${problem.statusCode} ${STATUS_CODES[problem.statusCode]}\r\n` +
        `content-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n` +
        `connection: close\r\n\r\n${text}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = portOf(server);
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    server,
    merchantDeliveries,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still running get a moment, then their sockets go too.
        setTimeout(() => server.closeAllConnections(), 1_000).unref();
      });
      return closing;
    },
  };
}
