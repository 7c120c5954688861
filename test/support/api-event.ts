/**
 * Builds API Gateway HTTP API (payload 2.0) events for unit tests of handlers, the way the
 * deployed API (and the local adapter) delivers them.
 */
import type { Context } from 'aws-lambda';
import type { Route } from '../../lib/routes.ts';
import type { HttpEvent } from '../../shared/http/problem.ts';

export interface ApiEventOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  body?: string | object;
  isBase64Encoded?: boolean;
  /** JWT `sub`; when set, the authorizer's claims are attached. */
  sub?: string;
}

export function apiEvent(options: ApiEventOptions = {}): HttpEvent {
  const method = options.method ?? 'GET';
  const path = options.path ?? '/api/v1/payments/feexpay/providers';
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: {
      ...(typeof options.body === 'object' ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req-test',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(options.sub
        ? { authorizer: { jwt: { claims: { sub: options.sub, iss: 'test' }, scopes: null } } }
        : {}),
    },
    body,
    isBase64Encoded: options.isBase64Encoded ?? false,
  } as HttpEvent;
}

export const lambdaContext = {
  functionName: 'test',
  awsRequestId: 'aws-req-test',
  getRemainingTimeInMillis: () => 29_000,
} as unknown as Context;

/** A route row for handlers built in a test (`routeHandler({ route: testRoute(), … }, fn)`). */
export function testRoute(overrides: Partial<Route> = {}): Route {
  return {
    id: 'TestRoute',
    method: 'POST',
    path: 'test',
    entry: 'functions/not-found.ts',
    auth: 'public',
    grants: {},
    ...overrides,
  };
}
