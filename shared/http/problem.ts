/**
 * The shapes API Gateway (HTTP API, payload 2.0) hands a function and takes back, and the two
 * answers every route can give: JSON, and RFC 9457 problem+json carrying the correlation id.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError } from '../errors.ts';
import { inLanguage, type Language } from './language.ts';

/** The event as API Gateway delivers it, JWT claims and scopes included behind the authorizer. */
export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: {
      jwt?: {
        claims?: Record<string, string | number | boolean | string[]>;
        scopes?: string[] | null;
      };
    };
  };
};

export type HttpResponse = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
};

export const PROBLEM_TYPE_PREFIX = 'urn:feexpay-serverless:problem:';
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const INTERNAL = {
  status: 500,
  code: 'internal_error',
  titles: { fr: 'Erreur interne', en: 'Internal error' },
  headers: {},
};

function internalDetail(correlationId: string, language: Language): string {
  return language === 'fr'
    ? `Une erreur s’est produite de notre côté. Citez l’identifiant de corrélation ${correlationId} en la signalant.`
    : `Something went wrong on our side. Quote correlation id ${correlationId} when reporting it.`;
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * problem+json for a typed error; anything else is a generic 500 that reveals nothing. `title`,
 * `detail` and each field's `message` are in `language` (the caller's `Accept-Language`:
 * shared/http/language.ts), said by `Content-Language`.
 */
export function problemResponse(
  error: unknown,
  correlationId: string,
  language: Language = 'en',
): HttpResponse {
  const known = error instanceof HttpError ? error : undefined;
  const { status, code, titles, headers } = known ?? INTERNAL;
  return {
    statusCode: status,
    headers: {
      'content-type': 'application/problem+json',
      ...headers,
      'content-language': language,
      vary: 'Accept-Language',
      'x-correlation-id': correlationId,
    },
    body: JSON.stringify({
      type: `${PROBLEM_TYPE_PREFIX}${code}`,
      title: titles[language],
      status,
      code,
      detail: known ? known.details[language] : internalDetail(correlationId, language),
      ...(known?.fields
        ? {
            errors: known.fields.map(({ field, message }) => ({
              field,
              message: inLanguage(message, language),
            })),
          }
        : {}),
      ...known?.ids,
      correlationId,
    }),
  };
}

/** The caller's `X-Correlation-Id` when well-formed, else API Gateway's request id. */
export function correlationIdOf(event: Pick<HttpEvent, 'headers' | 'requestContext'>): string {
  const given = event.headers?.['x-correlation-id'];
  if (given && CORRELATION_ID.test(given)) return given;
  return event.requestContext?.requestId || randomUUID();
}
