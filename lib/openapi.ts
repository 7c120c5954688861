/**
 * The OpenAPI 3.1 document, generated from the route table (lib/routes.ts) and each route's
 * contract (shared/api/): the runtime half gives the auth kind, request schemas and the errors the
 * handler wrapper answers; the docs half (`*.docs.ts`) gives the answers, the domain's errors,
 * prose and examples. Generation fails when a route has no docs, so none ships undocumented.
 *
 * Build-time only: `npm run openapi` writes docs/openapi.json, which the `OpenApiDocument` route
 * serves, and the client's types (client/src/openapi.ts) from it. No Lambda bundle imports this
 * module (zod's JSON Schema converter stays out of them).
 */
import * as z from 'zod';
import { adminDocs } from '../shared/api/admin.docs.ts';
import { checkoutsDocs, exampleCheckout } from '../shared/api/checkouts.docs.ts';
import { examplePayment, paymentsDocs } from '../shared/api/payments.docs.ts';
import { examplePayout, payoutsDocs } from '../shared/api/payouts.docs.ts';
import { PROBLEMS, type ProblemCode } from '../shared/api/problems.docs.ts';
import * as responseSchemas from '../shared/api/responses.ts';
import { serviceDocs } from '../shared/api/service.docs.ts';
import type { Contract, ContractDocs, ResponseDocs } from '../shared/http/contract.ts';
import { problemResponse } from '../shared/http/problem.ts';
import { eventTypesOf } from '../shared/notifications/merchant-events.ts';
import { type AuthKind, DEFAULT_SCOPES, fullPath, type Route, routes } from './routes.ts';

/** The API's version (the `v1` in the path); bump the minor part on additive changes. */
export const API_VERSION = '1.0.0';

type Json = Record<string, unknown>;

/** Every route's docs; each row of lib/routes.ts must have exactly one. */
const DOCS: readonly ContractDocs[] = [
  ...serviceDocs,
  ...paymentsDocs,
  ...checkoutsDocs,
  ...payoutsDocs,
  ...adminDocs,
];

/**
 * How each auth kind (lib/routes.ts) is declared to callers (a security requirement naming
 * components.securitySchemes), and the problems it implies.
 */
const AUTH_DOCS: Record<AuthKind, { security: Json[]; problems: ProblemCode[] }> = {
  public: { security: [], problems: [] },
  customer: { security: [{ bearerAuth: [] }], problems: ['unauthorized'] },
  merchant: {
    security: [{ merchantAuth: [DEFAULT_SCOPES.merchant] }],
    problems: ['unauthorized', 'insufficient_scope'],
  },
  operator: {
    security: [{ operatorAuth: [DEFAULT_SCOPES.operator] }],
    problems: ['unauthorized', 'insufficient_scope'],
  },
  webhookToken: { security: [{ webhookToken: [] }], problems: ['unauthorized'] },
};

/** The response component each problem status is documented under. */
const PROBLEM_RESPONSES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Unprocessable',
  429: 'RateLimited',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
};

/** The codes `$default` (functions/not-found.ts) answers: 404 and 405. */
const DEFAULT_ROUTE_PROBLEMS: readonly ProblemCode[] = ['not_found', 'method_not_allowed'];

const EXAMPLE_CORRELATION_ID = '6f1d2c1e-8a43-4f7b-9a0e-2f4b5c6d7e8f';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });
const jsonContent = (schema: Json, example?: unknown) => ({
  'application/json': { schema, ...(example !== undefined ? { example } : {}) },
});

/** The problem as the handler wrapper writes it: status, headers and body. */
function problemOf(code: ProblemCode) {
  const response = problemResponse(PROBLEMS[code].example, EXAMPLE_CORRELATION_ID);
  return {
    status: response.statusCode,
    retryAfter: 'retry-after' in response.headers,
    body: JSON.parse(String(response.body)) as Json,
  };
}

/** The problems a route can answer: those its contract implies, then those its docs name. */
function problemsOf(contract: Contract, docs: ContractDocs): ProblemCode[] {
  const codes: ProblemCode[] = [...AUTH_DOCS[contract.route.auth].problems];
  if (contract.body || contract.query || contract.params) codes.push('validation_failed');
  if (contract.body) codes.push('malformed_json', 'payload_too_large', 'unsupported_media_type');
  if (contract.idempotent) {
    codes.push('validation_failed', 'request_in_progress', 'idempotency_key_reused');
  }
  codes.push(...(docs.errors ?? []), 'internal_error');
  return [...new Set(codes)];
}

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

/** A response schema's component name (its `.meta({ id })`). */
function componentOf(schema: z.ZodType): string {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('lib/openapi.ts: a documented response schema has no .meta({ id })');
  return id;
}

/** Request and response schemas; the Problem's `code` lists every code the API answers. */
function componentSchemas(codes: readonly ProblemCode[]): Record<string, unknown> {
  const uri = (id: string) => `#/components/schemas/${id}`;
  const requests = z.registry<{ id: string }>();
  const raw: Json = {};
  for (const docs of DOCS) {
    if (!docs.body) continue;
    if (docs.body.jsonSchema) raw[docs.body.component] = docs.body.jsonSchema;
    else if (docs.contract.body) requests.add(docs.contract.body, { id: docs.body.component });
    else throw new Error(`lib/openapi.ts: ${docs.contract.route.id} documents a body it lacks`);
  }
  const responses = z.registry<{ id: string }>();
  for (const schema of Object.values(responseSchemas)) {
    const id = schema instanceof z.ZodType ? z.globalRegistry.get(schema)?.id : undefined;
    if (id) responses.add(schema as z.ZodType, { id });
  }
  const inp = z.toJSONSchema(requests, { target: 'draft-2020-12', io: 'input', uri });
  const out = z.toJSONSchema(responses, { target: 'draft-2020-12', io: 'output', uri });
  const problem = out.schemas.Problem as { properties: Record<string, Json> } | undefined;
  if (!problem) throw new Error('lib/openapi.ts: shared/api/responses.ts has no Problem schema');
  problem.properties.code = {
    ...problem.properties.code,
    description: `Stable machine-readable code: ${codes.join(', ')}.`,
  };
  return tidy({
    ...inp.schemas,
    ...out.schemas,
    PaymentNotification: {
      type: 'object',
      description: 'What your notification endpoint receives about a payment.',
      properties: {
        type: { type: 'string', enum: eventTypesOf('payment') },
        timestamp: { type: 'string', format: 'date-time' },
        data: ref('Payment'),
      },
      required: ['type', 'timestamp', 'data'],
    },
    CheckoutNotification: {
      type: 'object',
      description: 'What your notification endpoint receives about a checkout.',
      properties: {
        type: { type: 'string', enum: eventTypesOf('checkout') },
        timestamp: { type: 'string', format: 'date-time' },
        data: ref('Checkout'),
      },
      required: ['type', 'timestamp', 'data'],
    },
    PayoutNotification: {
      type: 'object',
      description: 'What your notification endpoint receives about a payout or a refund.',
      properties: {
        type: { type: 'string', enum: [...eventTypesOf('payout'), ...eventTypesOf('refund')] },
        timestamp: { type: 'string', format: 'date-time' },
        data: ref('Payout'),
      },
      required: ['type', 'timestamp', 'data'],
    },
    ...raw,
  }) as Record<string, unknown>;
}

/** One OpenAPI parameter per property of a zod object (path or query). */
function parametersOf(schema: z.ZodType, location: 'path' | 'query'): Json[] {
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

function responseOf(docs: ResponseDocs): Json {
  const headers = Object.fromEntries(
    Object.entries(docs.headers ?? {}).map(([name, component]) => [name, header(component)]),
  );
  if (docs.schema === 'html') {
    return {
      description: docs.description,
      ...(docs.headers ? { headers } : {}),
      content: { 'text/html': { schema: { type: 'string' } } },
    };
  }
  const schema =
    docs.schema === undefined
      ? undefined
      : docs.schema === 'object'
        ? { type: 'object' }
        : ref(componentOf(docs.schema));
  return {
    description: docs.description,
    ...(docs.headers ? { headers } : {}),
    ...(schema ? { content: jsonContent(schema, docs.example) } : {}),
  };
}

function operationOf(route: Route): Json {
  const docs = DOCS.filter((d) => d.contract.route === route);
  if (docs.length !== 1 || !docs[0]) {
    throw new Error(`lib/openapi.ts: route ${route.id} needs exactly one docs entry (shared/api/)`);
  }
  const [doc] = docs;
  const { contract } = doc;
  const parameters = [
    ...(contract.params || doc.params
      ? parametersOf((contract.params ?? doc.params) as z.ZodType, 'path')
      : []),
    ...(contract.query ? parametersOf(contract.query, 'query') : []),
    ...(contract.idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
  ];
  const responses: Json = {};
  for (const [status, response] of Object.entries(doc.responses)) {
    responses[status] = responseOf(response);
  }
  for (const code of problemsOf(contract, doc)) {
    const { status } = problemOf(code);
    responses[String(status)] = { $ref: `#/components/responses/${PROBLEM_RESPONSES[status]}` };
  }
  return {
    operationId: route.id.charAt(0).toLowerCase() + route.id.slice(1),
    summary: doc.summary,
    description: doc.description,
    tags: [doc.tag],
    security: AUTH_DOCS[route.auth].security,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: !contract.bodyOptional,
            content: jsonContent(ref(doc.body.component), doc.body.example),
          },
        }
      : {}),
    responses,
  };
}

/**
 * One response component per problem status any route answers: every code that comes under it,
 * each with its meaning and an example.
 */
function problemResponses(codes: readonly ProblemCode[]): Json {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) {
    const { status } = problemOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Json = {};
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    const name = PROBLEM_RESPONSES[status];
    if (!name) throw new Error(`lib/openapi.ts: no response component for status ${status}`);
    const description =
      group.length === 1
        ? PROBLEMS[group[0] as ProblemCode].description
        : group.map((code) => `\`${code}\`: ${PROBLEMS[code].description}`).join(' ');
    responses[name] = {
      description,
      headers: {
        'X-Correlation-Id': header('CorrelationId'),
        'Content-Language': header('ContentLanguage'),
        ...(group.some((code) => problemOf(code).retryAfter)
          ? { 'Retry-After': header('RetryAfter') }
          : {}),
      },
      content: {
        'application/problem+json': {
          schema: ref('Problem'),
          examples: Object.fromEntries(
            group.map((code) => [code, { value: problemOf(code).body }]),
          ),
        },
      },
    };
  }
  return responses;
}

/** The OpenAPI 3.1 document for the current route table. */
export function buildOpenApiDocument(): Json {
  for (const docs of DOCS) {
    if (!routes.includes(docs.contract.route)) {
      throw new Error(`lib/openapi.ts: docs for ${docs.contract.route.id}, which is no route`);
    }
  }
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = fullPath(route);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) };
  }
  // In the catalog's order, so the document reads the same whichever route names a code first.
  const used = new Set(DOCS.flatMap((docs) => problemsOf(docs.contract, docs)));
  const answered = (Object.keys(PROBLEMS) as ProblemCode[]).filter((code) => used.has(code));
  return {
    openapi: '3.1.0',
    info: {
      title: 'FeexPay Payments API',
      version: API_VERSION,
      summary: 'Mobile-money and card payments through FeexPay, serverless.',
      description:
        'Start payments, follow them to a final state and list them: from the merchant’s server (a checkout with the amount it fixed, paid by the customer on the hosted page) or on behalf of a signed-in user (JWT). Paths answer with and without a trailing slash. Errors are RFC 9457 problem+json with a stable `code`, the offending `errors` and a `correlationId`. Writes take an `Idempotency-Key`. Guide: docs/integration-guide.md.',
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
      {
        name: 'Payments',
        description: 'Payments: a signed-in user’s, and any of them for the merchant’s server.',
      },
      {
        name: 'Checkouts',
        description:
          'The merchant’s server fixes the amount; the customer pays on the hosted page, without an account.',
      },
      {
        name: 'Payouts',
        description:
          'Money out of your FeexPay balance: payouts to a wallet, and refunds of payments (docs/refunds-and-payouts.md).',
      },
      { name: 'Catalog', description: 'Networks, countries and bounds.' },
      { name: 'Operations', description: 'Health.' },
      { name: 'FeexPay', description: 'Called by FeexPay, not by merchants.' },
      { name: 'Documentation', description: 'This document.' },
      {
        name: 'Back office',
        description:
          'The back office’s page and the routes it calls, for the service’s operators (operator scope; docs/back-office.md in the repository).',
      },
    ],
    paths,
    webhooks: {
      paymentNotification: notificationDocs({
        operationId: 'paymentNotification',
        summary: 'Payment settled (sent to your endpoint)',
        kind: 'payment',
        tag: 'Payments',
        example: {
          type: 'payment.succeeded',
          timestamp: '2026-05-04T10:15:40.000Z',
          data: { ...examplePayment, status: 'SUCCESSFUL' },
        },
      }),
      checkoutNotification: notificationDocs({
        operationId: 'checkoutNotification',
        summary: 'Checkout paid, expired or overpaid (sent to your endpoint)',
        kind: 'checkout',
        tag: 'Checkouts',
        example: {
          type: 'checkout.completed',
          timestamp: '2026-05-04T10:15:41.000Z',
          data: {
            ...exampleCheckout,
            status: 'PAID',
            attempts: [{ ...exampleCheckout.attempts[0], status: 'SUCCESSFUL' }],
            paidPaymentId: exampleCheckout.attempts[0]?.paymentId,
            paidAt: '2026-05-04T10:15:41.000Z',
          },
        },
      }),
      payoutNotification: notificationDocs({
        operationId: 'payoutNotification',
        summary: 'Payout or refund settled (sent to your endpoint)',
        kind: 'payout',
        tag: 'Payouts',
        example: {
          type: 'refund.succeeded',
          timestamp: '2026-05-04T11:02:10.000Z',
          data: { ...examplePayout, status: 'SUCCESSFUL' },
        },
      }),
    },
    components: {
      schemas: componentSchemas(
        (Object.keys(PROBLEMS) as ProblemCode[]).filter(
          (code) => used.has(code) || DEFAULT_ROUTE_PROBLEMS.includes(code),
        ),
      ),
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
        ContentLanguage: {
          description:
            'The language of the problem’s `title`, `detail` and field messages: `fr` when the request’s `Accept-Language` prefers French (`fr`, `fr-FR`, `fr-BJ`…, by q-value), else `en`. Problems also carry `Vary: Accept-Language`.',
          schema: { type: 'string', enum: ['fr', 'en'] },
        },
        ETag: { description: 'Validator for `If-None-Match`.', schema: { type: 'string' } },
        CacheControl: {
          description: 'How long the answer may be cached.',
          schema: { type: 'string' },
        },
      },
      responses: problemResponses(answered),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A JWT from the identity provider the API trusts; `sub` is the user.',
        },
        merchantAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: `The merchant server's JWT: it carries the merchant scope (\`${DEFAULT_SCOPES.merchant}\` unless the deployment names another), as a Cognito app client gets it with the client-credentials grant. A customer's token answers 403 \`insufficient_scope\`.`,
        },
        operatorAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: `A back-office operator's JWT: it carries the operator scope (\`${DEFAULT_SCOPES.operator}\` unless the deployment names another); \`sub\` names the operator in audit entries. Customer and merchant tokens answer 403 \`insufficient_scope\`.`,
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

/** A notification your endpoint receives: Standard Webhooks headers, the body of one record kind. */
function notificationDocs(options: {
  operationId: string;
  summary: string;
  kind: 'payment' | 'checkout' | 'payout';
  tag: ContractDocs['tag'];
  example: unknown;
}): Json {
  const schema =
    options.kind === 'payment'
      ? 'PaymentNotification'
      : options.kind === 'checkout'
        ? 'CheckoutNotification'
        : 'PayoutNotification';
  const types =
    options.kind === 'payout'
      ? [...eventTypesOf('payout'), ...eventTypesOf('refund')]
      : eventTypesOf(options.kind);
  return {
    post: {
      operationId: options.operationId,
      summary: options.summary,
      description: `Standard Webhooks: verify \`webhook-signature\` with your \`whsec_\` secret (the \`standardwebhooks\` library), then de-duplicate on \`webhook-id\`. Sent for ${listed(types)}; retried with backoff until you answer 2xx (docs/webhooks.md).`,
      tags: [options.tag],
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
      requestBody: { required: true, content: jsonContent(ref(schema), options.example) },
      responses: { '200': { description: 'Accepted; any 2xx stops the retries.' } },
    },
  };
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
