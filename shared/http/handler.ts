/**
 * Makes a route's Lambda handler from its contract (shared/http/contract.ts) and a function that
 * calls the domain: the caller is checked against the route's auth kind, the request is read as
 * the contract declares, and every outcome (result, typed error or surprise) becomes a response
 * with the correlation id, errors as problem+json. Handlers stay thin: parse, call, map.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { AUTH, type AuthRule, type Route, requiredScopes } from '../../lib/routes.ts';
import * as config from '../config.ts';
import { ForbiddenError, HttpError, UnauthorizedError } from '../errors.ts';
import { logger } from '../logger.ts';
import { reportError } from '../sentry.ts';
import type { Contract, HttpResult, RouteInput } from './contract.ts';
import { headerPolicy } from './headers.ts';
import { preferredLanguage } from './language.ts';
import {
  correlationIdOf,
  type HttpEvent,
  type HttpResponse,
  json,
  problemResponse,
} from './problem.ts';
import { readRequest } from './request.ts';

/**
 * The caller's JWT `sub` ('' without one). A JWT route (its scopes are the gateway's to check)
 * without a subject, or without a scope it requires, is refused here too, should it ever be
 * deployed without its authorizer.
 */
function callerOf(route: Route, event: HttpEvent): string {
  const jwt = event.requestContext?.authorizer?.jwt;
  const sub = jwt?.claims?.sub;
  const userId = typeof sub === 'string' ? sub : '';
  const rule: AuthRule = AUTH[route.auth];
  if (rule.jwt && !userId) {
    throw new UnauthorizedError({
      fr: 'Un jeton d’accès valide est requis (Authorization: Bearer …).',
      en: 'A valid bearer token is required.',
    });
  }
  if (rule.jwt?.scopes.length) {
    const granted = jwt?.scopes ?? String(jwt?.claims?.scope ?? '').split(' ');
    const missing = requiredScopes(rule, {
      merchant: config.merchantScope(),
      operator: config.operatorScope(),
    }).filter((scope) => !granted.includes(scope));
    if (missing.length > 0) {
      const scopes = missing.join(' ');
      throw new ForbiddenError({
        fr: `Cette route demande le scope ${scopes}.`,
        en: `This route needs the scope ${scopes}.`,
      });
    }
  }
  return userId;
}

type RawInput = Omit<RouteInput, 'body' | 'query' | 'params' | 'idempotencyKey'>;

/** A contract that declares nothing to read from the request. */
type Bare = Contract & { body?: never; query?: never; params?: never; idempotent?: never };

/**
 * The handler of a route that reads nothing through its contract: a fixed document, health, or
 * FeexPay's webhook (which keeps the body exactly as delivered). Same answers as `routeHandler`
 * without the request reader, so a smaller bundle.
 */
export function rawRouteHandler(contract: Bare, fn: (input: RawInput) => Promise<HttpResult>) {
  const { route } = contract;
  // A credential on the route (a bearer token, the webhook token): its answers are never cached.
  const policy = { authenticated: route.auth !== 'public' };
  return middy<HttpEvent, HttpResponse, Error, Context>().handler(async (event, context) => {
    const correlationId = correlationIdOf(event);
    const language = preferredLanguage(event.headers?.['accept-language']);
    logger.appendKeys({ correlationId });
    try {
      const result = await fn({
        userId: callerOf(route, event),
        headers: event.headers ?? {},
        correlationId,
        language,
        event,
        context: context as Context | undefined,
      });
      const headers = headerPolicy(
        { ...result.headers, 'x-correlation-id': correlationId },
        policy,
      );
      if (result.raw) return { statusCode: result.status, headers, ...result.raw };
      if (result.body === undefined) return { statusCode: result.status, headers, body: '' };
      return json(result.status, result.body, headers);
    } catch (error) {
      if (error instanceof HttpError) {
        if (error.status >= 500) logger.error('Request failed', { error });
        else logger.info('Request rejected', { status: error.status, code: error.code });
      } else {
        logger.error('Unexpected error', { error });
      }
      // Unexpected errors and 5xx only; a no-op unless SENTRY_DSN is set.
      await reportError(error, { correlationId, function: route.id });
      const problem = problemResponse(error, correlationId, language);
      return { ...problem, headers: headerPolicy(problem.headers, policy) };
    } finally {
      logger.removeKeys(['correlationId']);
    }
  });
}

/**
 * The handler of a route whose contract declares its request: `fn` receives the body, query,
 * path parameters and Idempotency-Key already validated.
 *
 * @example
 * export const handler = routeHandler(paymentsStatus, async ({ params, userId }) => ({
 *   status: 200,
 *   body: await getPaymentStatus(userId, params.id),
 * }));
 */
export function routeHandler<const C extends Contract>(
  contract: C,
  fn: (input: RouteInput<C>) => Promise<HttpResult>,
) {
  return rawRouteHandler(contract as Bare, (input) =>
    fn({ ...input, ...readRequest(contract, input.event) } as RouteInput<C>),
  );
}
