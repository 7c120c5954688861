/**
 * The OpenAPI 3.1 document, generated from the route table (lib/routes.ts) and the zod schemas that
 * validate requests (shared/payments/schemas.ts) and describe answers (shared/api-schemas.ts). What
 * zod cannot know (summaries, which errors a route can answer, headers, examples) sits in one table
 * below, keyed by route id; generation fails when a route has no entry, so a new row cannot ship
 * undocumented.
 *
 * Build-time only: `npm run openapi` writes docs/openapi.json, which the `OpenApiDocument` route
 * serves. No Lambda bundle imports this module (zod's JSON Schema converter stays out of them).
 */
import * as z from 'zod';
import {
  healthReportSchema,
  historyPageSchema,
  problemSchema,
  providerCountrySchema,
  providerNetworkSchema,
  providersCatalogSchema,
  publicPaymentSchema,
  webhookAckSchema,
} from '../shared/api-schemas.ts';
import { eventTypesOf } from '../shared/notifications/merchant-events.ts';
import {
  historyQuerySchema,
  initiateBodySchema,
  paymentIdParamsSchema,
  retryBodySchema,
} from '../shared/payments/schemas.ts';
import { fullPath, type Route, routes } from './routes.ts';

/** The API's version (the `v1` in the path); bump the minor part on additive changes. */
export const API_VERSION = '1.0.0';

type Json = Record<string, unknown>;
type ErrorStatus = 400 | 401 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503;

interface OperationDoc {
  summary: string;
  description: string;
  tag: 'Payments' | 'Catalog' | 'Operations' | 'FeexPay' | 'Documentation';
  /** Request body: a component name and whether the body may be omitted. */
  body?: { ref: string; optional?: boolean; example: unknown };
  /** Path parameters (zod object). */
  params?: z.ZodObject;
  /** Query parameters (zod object). */
  query?: z.ZodObject;
  idempotent?: boolean;
  /** Success answers by status. */
  responses: Record<number, Json>;
  errors: ErrorStatus[];
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });
const jsonContent = (schema: Json, example?: unknown) => ({
  'application/json': { schema, ...(example !== undefined ? { example } : {}) },
});

const examplePayment = {
  id: 'pay_k3xq7m2c5v4b6n8p1r9t0w2y3z',
  status: 'PENDING',
  amount: 2500,
  currency: 'XOF',
  network: 'mtn',
  phoneNumber: '229******0000',
  description: 'Order 1042',
  metadata: { orderId: '1042' },
  createdAt: '2026-05-04T10:15:30.000Z',
  updatedAt: '2026-05-04T10:15:31.000Z',
};

const paymentHeaders = {
  'Idempotent-Replayed': header('IdempotentReplayed'),
  'X-Correlation-Id': header('CorrelationId'),
};

const operations: Record<string, OperationDoc> = {
  ProvidersList: {
    summary: 'List networks by country',
    description:
      'FeexPay pay-in networks by country: currency, amount bounds, flow (push, redirect, OTP) and indicative fees. Public and cacheable for an hour; send `If-None-Match` to get a 304.',
    tag: 'Catalog',
    responses: {
      200: {
        description: 'The catalog.',
        headers: { ETag: header('ETag'), 'Cache-Control': header('CacheControl') },
        content: jsonContent(ref('ProvidersCatalog')),
      },
      304: { description: 'Not modified since the ETag you sent.' },
    },
    errors: [500],
  },
  HealthCheck: {
    summary: 'Liveness and dependency checks',
    description:
      'Checks DynamoDB and the FeexPay settings secret, each with a deadline. Never cached; no secrets or resource names in the answer.',
    tag: 'Operations',
    responses: {
      200: {
        description: 'Every check passed.',
        content: jsonContent(ref('HealthReport'), {
          status: 'ok',
          checks: { dynamodb: 'ok', feexpaySecret: 'ok' },
        }),
      },
      503: {
        description: 'At least one check failed; `detail` names them.',
        content: jsonContent(ref('HealthReport'), {
          status: 'fail',
          checks: { dynamodb: 'ok', feexpaySecret: 'fail' },
          detail: 'Failing checks: feexpaySecret.',
        }),
      },
    },
    errors: [500],
  },
  WebhookReceive: {
    summary: 'FeexPay settlement webhook',
    description:
      'Called by FeexPay, not by merchants. Authenticated by the secret `token` in the registered URL. A webhook is only a hint: the payment changes only after FeexPay’s status endpoint confirms it (docs/webhooks.md).',
    tag: 'FeexPay',
    body: {
      ref: 'FeexPayWebhook',
      example: { reference: 'fp-0c9a8e12', status: 'SUCCESSFUL', amount: 2500 },
    },
    responses: {
      200: {
        description: 'Stored and queued (or a duplicate).',
        headers: { 'X-Correlation-Id': header('CorrelationId') },
        content: jsonContent(ref('WebhookAck'), { received: true, duplicate: false }),
      },
    },
    errors: [400, 401, 413, 500],
  },
  PaymentsInitiate: {
    summary: 'Start a payment',
    description:
      'Creates a payment and asks FeexPay to collect it. Answers 201 with the payment, usually PENDING; FeexPay may settle it at once (FAILED with `failureReason`). Redirect networks answer a `paymentUrl`; OTP networks need `otp`. The same `Idempotency-Key` and body replay the first answer with `Idempotent-Replayed: true`; another body with the same key is 422; a request still in flight is 409 with `Retry-After`.',
    tag: 'Payments',
    idempotent: true,
    body: {
      ref: 'InitiateRequest',
      example: {
        amount: 2500,
        currency: 'XOF',
        network: 'mtn',
        phoneNumber: '2290197000000',
        description: 'Order 1042',
        metadata: { orderId: '1042' },
      },
    },
    responses: {
      201: {
        description: 'The payment (or, with `Idempotent-Replayed: true`, the first answer again).',
        headers: paymentHeaders,
        content: jsonContent(ref('Payment'), examplePayment),
      },
    },
    errors: [400, 401, 409, 413, 415, 422, 429, 500, 502, 503],
  },
  PaymentsStatus: {
    summary: 'Get a payment',
    description:
      'The payment as it stands, refreshed from FeexPay while PENDING. Someone else’s id answers 404, exactly like a missing one.',
    tag: 'Payments',
    params: paymentIdParamsSchema,
    responses: {
      200: {
        description: 'The payment.',
        headers: { 'X-Correlation-Id': header('CorrelationId') },
        content: jsonContent(ref('Payment'), {
          ...examplePayment,
          status: 'SUCCESSFUL',
        }),
      },
    },
    errors: [400, 401, 404, 429, 500],
  },
  PaymentsHistory: {
    summary: 'List the caller’s payments',
    description:
      'Newest first, `limit` per page (default 20, at most 100). Follow `nextCursor` until it is null. Filter with `status`.',
    tag: 'Payments',
    query: historyQuerySchema,
    responses: {
      200: {
        description: 'One page.',
        headers: { 'X-Correlation-Id': header('CorrelationId') },
        content: jsonContent(ref('HistoryPage'), { items: [examplePayment], nextCursor: null }),
      },
    },
    errors: [400, 401, 429, 500],
  },
  PaymentsRetry: {
    summary: 'Retry a FAILED or EXPIRED payment',
    description:
      'A new, linked payment with the same order (`retryOf` on the new one, `attempts` on the old one). OTP networks need a fresh `otp`. A payment that is PENDING or SUCCESSFUL answers 409 `payment_not_retryable`. One live retry per payment: while an earlier retry of it is still PENDING, a retry with a new key answers 409 `retry_in_progress` naming that attempt. Idempotency as for initiate.',
    tag: 'Payments',
    idempotent: true,
    params: paymentIdParamsSchema,
    body: { ref: 'RetryRequest', optional: true, example: {} },
    responses: {
      201: {
        description: 'The new attempt.',
        headers: paymentHeaders,
        content: jsonContent(ref('Payment'), {
          ...examplePayment,
          id: 'pay_a1b2c3d4e5f6g7h2i3j4k5l6m7',
          retryOf: examplePayment.id,
        }),
      },
    },
    errors: [400, 401, 404, 409, 413, 415, 422, 429, 500, 502, 503],
  },
  OpenApiDocument: {
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of the API. Cacheable; send `If-None-Match`.',
    tag: 'Documentation',
    responses: {
      200: {
        description: 'The document.',
        headers: { ETag: header('ETag'), 'Cache-Control': header('CacheControl') },
        content: jsonContent({ type: 'object' }),
      },
      304: { description: 'Not modified since the ETag you sent.' },
    },
    errors: [500],
  },
};

const errorResponses: Record<ErrorStatus, { name: string; description: string; example: Json }> = {
  400: {
    name: 'BadRequest',
    description: 'A field is missing or wrong (`errors` names each), or the body is not JSON.',
    example: {
      code: 'validation_failed',
      title: 'The request is not valid',
      detail: 'Fix these fields: amount.',
      errors: [{ field: 'amount', message: 'Must be between 100 and 2000000 XOF.' }],
    },
  },
  401: {
    name: 'Unauthorized',
    description: 'The bearer token (or the webhook token) is missing, expired or not valid.',
    example: {
      code: 'unauthorized',
      title: 'Authentication required',
      detail: 'Send "Authorization: Bearer <token>".',
    },
  },
  404: {
    name: 'NotFound',
    description: 'No such payment for this caller.',
    example: { code: 'not_found', title: 'Not found', detail: 'No payment pay_x.' },
  },
  409: {
    name: 'Conflict',
    description:
      '`request_in_progress`: the first request with this Idempotency-Key is still running; retry after `Retry-After` seconds with the same key. `payment_not_retryable`: the payment is not FAILED or EXPIRED (or its retry was paid). `retry_in_progress`: another retry of this payment is still PENDING; its id is in `detail`.',
    example: {
      code: 'request_in_progress',
      title: 'Conflict',
      detail: 'A request with this Idempotency-Key is still being processed; retry shortly.',
    },
  },
  413: {
    name: 'PayloadTooLarge',
    description: 'The body is too large.',
    example: {
      code: 'payload_too_large',
      title: 'The body is too large',
      detail: 'The body must be at most 16384 bytes.',
    },
  },
  415: {
    name: 'UnsupportedMediaType',
    description: 'Send `Content-Type: application/json`.',
    example: {
      code: 'unsupported_media_type',
      title: 'Unsupported content type',
      detail: 'Send the body as JSON with "Content-Type: application/json".',
    },
  },
  422: {
    name: 'Unprocessable',
    description: '`idempotency_key_reused`: this Idempotency-Key was used with another body.',
    example: {
      code: 'idempotency_key_reused',
      title: 'Unprocessable request',
      detail:
        'This Idempotency-Key was already used with a different request. Use a new key for a new payment.',
    },
  },
  429: {
    name: 'RateLimited',
    description: 'Too many requests from this user; retry after `Retry-After` seconds.',
    example: {
      code: 'rate_limited',
      title: 'Too many requests',
      detail: 'Too many requests; retry in 12 s.',
    },
  },
  500: {
    name: 'InternalError',
    description: 'Something failed on our side; quote the correlation id.',
    example: {
      code: 'internal_error',
      title: 'Internal error',
      detail: 'Something went wrong on our side. Quote correlation id 1f0c… when reporting it.',
    },
  },
  502: {
    name: 'BadGateway',
    description:
      'FeexPay refused the request (`provider_rejected`, `provider_error`); the payment is FAILED and nobody was charged.',
    example: {
      code: 'provider_rejected',
      title: 'Payment provider unavailable',
      detail: 'FeexPay refused payment pay_x: INVALID_NUMBER',
    },
  },
  503: {
    name: 'ServiceUnavailable',
    description:
      'FeexPay (`provider_unavailable`) or our settings (`service_unavailable`) are unavailable; nobody was charged. Retry after `Retry-After` seconds (for initiate: POST retry/{id}).',
    example: {
      code: 'provider_unavailable',
      title: 'Payment provider unavailable',
      detail:
        'FeexPay is unavailable; payment pay_x was not started and nobody was charged. Retry it with POST retry/pay_x/ shortly.',
    },
  },
};

/** Statuses whose answer may carry Retry-After. */
const RETRY_AFTER_STATUSES = new Set<number>([409, 429, 503]);

/**
 * Removes what OpenAPI tools do not want inside components (`$schema`, `$id`) and zod's
 * safe-integer bounds (noise: every JSON number above them is already unsafe).
 */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === '$schema' || key === '$id') continue;
    if ((key === 'minimum' || key === 'maximum') && Math.abs(Number(inner)) === 2 ** 53 - 1)
      continue;
    out[key] = tidy(inner);
  }
  return out;
}

function componentSchemas(): Record<string, unknown> {
  const uri = (id: string) => `#/components/schemas/${id}`;
  const responses = z.registry<{ id: string }>();
  for (const [id, schema] of [
    ['Payment', publicPaymentSchema],
    ['HistoryPage', historyPageSchema],
    ['ProviderNetwork', providerNetworkSchema],
    ['ProviderCountry', providerCountrySchema],
    ['ProvidersCatalog', providersCatalogSchema],
    ['HealthReport', healthReportSchema],
    ['WebhookAck', webhookAckSchema],
    ['Problem', problemSchema],
  ] as const) {
    responses.add(schema, { id });
  }
  const requests = z.registry<{ id: string }>();
  requests.add(initiateBodySchema, { id: 'InitiateRequest' });
  requests.add(retryBodySchema, { id: 'RetryRequest' });
  const out = z.toJSONSchema(responses, { target: 'draft-2020-12', io: 'output', uri });
  const inp = z.toJSONSchema(requests, { target: 'draft-2020-12', io: 'input', uri });
  return tidy({
    ...inp.schemas,
    ...out.schemas,
    PaymentNotification: {
      type: 'object',
      description: 'What your notification endpoint receives.',
      properties: {
        type: { type: 'string', enum: eventTypesOf('payment') },
        timestamp: { type: 'string', format: 'date-time' },
        data: ref('Payment'),
      },
      required: ['type', 'timestamp', 'data'],
    },
    FeexPayWebhook: {
      type: 'object',
      description:
        'FeexPay’s notification, as FeexPay sends it (fields vary; only `reference` is relied on).',
      properties: {
        reference: { type: 'string' },
        status: { type: 'string' },
        amount: { type: 'number' },
      },
      additionalProperties: true,
    },
  }) as Record<string, unknown>;
}

/** One OpenAPI parameter per property of a zod object (path or query). */
function parametersOf(schema: z.ZodObject, location: 'path' | 'query'): Json[] {
  const json = tidy(z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' })) as {
    properties: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function operationOf(route: Route): Json {
  const doc = operations[route.id];
  if (!doc) throw new Error(`lib/openapi.ts: no documentation for route ${route.id}`);
  const parameters = [
    ...(doc.params ? parametersOf(doc.params, 'path') : []),
    ...(doc.query ? parametersOf(doc.query, 'query') : []),
    ...(doc.idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
  ];
  const responses: Json = { ...doc.responses };
  for (const status of doc.errors) {
    responses[String(status)] = { $ref: `#/components/responses/${errorResponses[status].name}` };
  }
  return {
    operationId: route.id.charAt(0).toLowerCase() + route.id.slice(1),
    summary: doc.summary,
    description: doc.description,
    tags: [doc.tag],
    security:
      route.auth === 'jwt'
        ? [{ bearerAuth: [] }]
        : route.id === 'WebhookReceive'
          ? [{ webhookToken: [] }]
          : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: !doc.body.optional,
            content: jsonContent(ref(doc.body.ref), doc.body.example),
          },
        }
      : {}),
    responses,
  };
}

function problemExample(status: number, example: Json): Json {
  return {
    type: `urn:feexpay-serverless:problem:${String(example.code)}`,
    status,
    ...example,
    correlationId: '6f1d2c1e-8a43-4f7b-9a0e-2f4b5c6d7e8f',
  };
}

/** The OpenAPI 3.1 document for the current route table. */
export function buildOpenApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = fullPath(route);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) };
  }
  const responses: Json = {};
  for (const [status, { name, description, example }] of Object.entries(errorResponses)) {
    responses[name] = {
      description,
      headers: {
        'X-Correlation-Id': header('CorrelationId'),
        ...(RETRY_AFTER_STATUSES.has(Number(status))
          ? { 'Retry-After': header('RetryAfter') }
          : {}),
      },
      content: {
        'application/problem+json': {
          schema: ref('Problem'),
          example: problemExample(Number(status), example),
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'FeexPay Payments API',
      version: API_VERSION,
      summary: 'Mobile-money and card payments through FeexPay, serverless.',
      description:
        'Start payments, follow them to a final state and list them, on behalf of a signed-in user (JWT). Paths answer with and without a trailing slash. Errors are RFC 9457 problem+json with a stable `code`, the offending `errors` and a `correlationId`. Writes take an `Idempotency-Key`. Guide: docs/integration-guide.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [
      { url: 'http://127.0.0.1:3000', description: 'Local stack (npm start)' },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: 'Deployed HTTP API',
        variables: {
          apiId: { default: 'example', description: 'The API id from the stack outputs.' },
          region: { default: 'eu-west-1' },
        },
      },
    ],
    tags: [
      { name: 'Payments', description: 'A signed-in user’s payments.' },
      { name: 'Catalog', description: 'Networks, countries and bounds.' },
      { name: 'Operations', description: 'Health.' },
      { name: 'FeexPay', description: 'Called by FeexPay, not by merchants.' },
      { name: 'Documentation', description: 'This document.' },
    ],
    paths,
    webhooks: {
      paymentNotification: {
        post: {
          operationId: 'paymentNotification',
          summary: 'Payment settled (sent to your endpoint)',
          description: `Standard Webhooks: verify \`webhook-signature\` with your \`whsec_\` secret (the \`standardwebhooks\` library), then de-duplicate on \`webhook-id\`. Sent for ${listed(eventTypesOf('payment'))}; retried with backoff until you answer 2xx (docs/webhooks.md).`,
          tags: ['Payments'],
          security: [],
          parameters: [
            { name: 'webhook-id', in: 'header', required: true, schema: { type: 'string' } },
            {
              name: 'webhook-timestamp',
              in: 'header',
              required: true,
              description: 'Unix seconds.',
              schema: { type: 'string' },
            },
            {
              name: 'webhook-signature',
              in: 'header',
              required: true,
              description: '`v1,<base64 HMAC-SHA256>`.',
              schema: { type: 'string' },
            },
          ],
          requestBody: {
            required: true,
            content: jsonContent(ref('PaymentNotification'), {
              type: 'payment.succeeded',
              timestamp: '2026-05-04T10:15:40.000Z',
              data: { ...examplePayment, status: 'SUCCESSFUL' },
            }),
          },
          responses: {
            '200': { description: 'Accepted; any 2xx stops the retries.' },
          },
        },
      },
    },
    components: {
      schemas: componentSchemas(),
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description:
            'A unique key per logical payment (a UUID). Reuse it when retrying the same request; never for another one. Kept at least 24 h.',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
          example: '8e0f6a0c-2b1d-4d8e-9a55-0d6c1b7e4f21',
        },
      },
      headers: {
        IdempotentReplayed: {
          description: '`true` when this is the stored answer to an earlier request with this key.',
          schema: { type: 'string', enum: ['true'] },
        },
        RetryAfter: {
          description: 'Seconds to wait before retrying.',
          schema: { type: 'integer', minimum: 0 },
        },
        CorrelationId: {
          description: 'Identifies the request in our logs; send your own with `X-Correlation-Id`.',
          schema: { type: 'string' },
        },
        ETag: { description: 'Validator for `If-None-Match`.', schema: { type: 'string' } },
        CacheControl: {
          description: 'How long the answer may be cached.',
          schema: { type: 'string' },
        },
      },
      responses,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A JWT from the identity provider the API trusts; `sub` is the user.',
        },
        webhookToken: {
          type: 'apiKey',
          in: 'query',
          name: 'token',
          description: 'The secret token in the webhook URL registered at FeexPay.',
        },
      },
    },
  };
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
