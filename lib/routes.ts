/**
 * The service's whole surface, declared once. The CDK stack deploys these rows and the local
 * stack serves them. A route is its row here, its contract under `shared/api/` and its handler
 * under `functions/`; a queue consumer or schedule is its row and its handler.
 *
 * Plain data (no CDK, no zod): the local stack loads it cheaply and a handler's bundle carries
 * its own row.
 */

import type { KEY_PATTERNS, RecordKind } from '../shared/keys.ts';

/**
 * Lambda timeouts, in seconds, for rows that set none. The CDK stack deploys them and the local
 * stack enforces them, so both read them from here.
 */
export const DEFAULT_TIMEOUT_SECONDS = { route: 10, consumer: 30, schedule: 60 } as const;

/** Every route lives under this prefix. Paths answer with and without a trailing slash. */
export const API_BASE_PATH = '/api/v1/payments/feexpay';

/** Queues the stack declares. Each gets a DLQ; its URL reaches a function as `<ID>_QUEUE_URL`. */
export type QueueId = 'webhook' | 'notification';

/** An action on one record kind's items, checked against their `pk` (`dynamodb:LeadingKeys`). */
export type ItemAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem'
  | 'Query';

/** `Query:<index>`: a Query on one of the kind's indexes, checked against its index partitions. */
export type IndexQuery<K extends RecordKind> =
  `Query:${Exclude<keyof (typeof KEY_PATTERNS)[K], 'items'> & string}`;

/**
 * Table access, per record kind (shared/keys.ts `KEY_PATTERNS`): the DynamoDB actions the
 * function's code sends for that kind, each allowed on that kind's keys only. A transaction
 * (TransactWriteItems) needs the actions of its parts. test/unit/grants-from-code.test.ts derives
 * this from each function's bundle and fails when a row grants more or less than its code sends.
 *
 * @example { payment: ['GetItem', 'UpdateItem', 'Query:byReference'], webhookEvent: ['UpdateItem'] }
 */
export type TableGrants = { readonly [K in RecordKind]?: readonly (ItemAction | IndexQuery<K>)[] };

/** What a function may touch. The CDK construct grants exactly this and nothing else. */
export interface Grants {
  /** Table access by record kind. Omitted: no table, no TABLE_NAME. */
  table?: TableGrants;
  /** Reads the FeexPay settings secret (FEEXPAY_SECRET_ARN). */
  secret?: boolean;
  /** Queues the function sends to (`<ID>_QUEUE_URL`). */
  sendTo?: QueueId[];
}

/**
 * The OAuth2 scopes a route can require, by role. The scope strings themselves are settings
 * (`merchantScope` and `operatorScope` in lib/config.ts, `MERCHANT_SCOPE` and `OPERATOR_SCOPE`
 * locally), so an operator can match the names their identity provider issues (a Cognito resource server's `<identifier>/<scope>`).
 */
export type ScopeRole = 'merchant' | 'operator';

/** The scope each role requires when no setting names another. */
export const DEFAULT_SCOPES: Readonly<Record<ScopeRole, string>> = {
  merchant: 'payments/merchant',
  operator: 'payments/admin',
};

/**
 * Who may call a route, and who checks it. `jwt` routes sit behind API Gateway's JWT authorizer
 * (issuer, audience, expiry, and the scopes of these roles: 403 without them); the local API
 * Gateway checks the same, and the handler wrapper requires the token's subject (and scopes)
 * again. A kind without `jwt` is public at the gateway: anyone, or a route that checks a
 * credential of its own. A new kind is a line here and one in lib/openapi.ts (`AUTH_DOCS`: how
 * the document declares it).
 */
export interface AuthRule {
  jwt?: { scopes: readonly ScopeRole[] };
}

export const AUTH = {
  /** Anyone. */
  public: {},
  /** A signed-in customer: a JWT from the configured issuer, whose `sub` is the customer. */
  customer: { jwt: { scopes: [] } },
  /**
   * The merchant's server: a JWT carrying the merchant scope, as a Cognito app client with the
   * client-credentials grant gets one (`sub` is the app client).
   */
  merchant: { jwt: { scopes: ['merchant'] } },
  /**
   * The back office's staff (docs/back-office.md): a JWT carrying the operator scope
   * (`operatorScope`, default `payments/admin`); `sub` names the operator in audit entries.
   */
  operator: { jwt: { scopes: ['operator'] } },
  /** FeexPay: the secret token in the webhook URL, checked by the handler (docs/webhooks.md). */
  webhookToken: {},
} as const satisfies Record<string, AuthRule>;

/** The scope strings `rule` requires, with the role names resolved by `names`. */
export function requiredScopes(
  rule: AuthRule,
  names: Readonly<Record<ScopeRole, string>> = DEFAULT_SCOPES,
): string[] {
  return (rule.jwt?.scopes ?? []).map((role) => names[role]);
}

export type AuthKind = keyof typeof AUTH;

/**
 * A route's own API Gateway throttle (requests per second, and the burst bucket), instead of the
 * stage's default. Each route has its own bucket, so a flood on a cheap public route (health,
 * unknown paths) is answered 429 by API Gateway without invoking a function or spending what
 * FeexPay's webhooks need. Clamped to the stage's throttle (lib/config.ts `throttling*`).
 */
export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

export interface Route {
  /** CloudFormation-friendly id, PascalCase (e.g. `ProvidersList`). */
  id: string;
  method: 'GET' | 'POST';
  /** Path below API_BASE_PATH, without slashes at either end; `{name}` marks a path parameter. */
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  auth: AuthKind;
  grants: Grants;
  /** Deployed Lambda timeout; at most 29 (API Gateway gives up at 30 s). Default 10. */
  timeoutSeconds?: number;
  /** Its own throttle; omitted: the stage's. */
  throttle?: Throttle;
  /**
   * Lambda concurrency reserved for (and capped at) this function, in stages with
   * `reserveConcurrency` (lib/config.ts): no other function's load can starve it.
   */
  reservedConcurrency?: number;
}

/** The function behind API Gateway's `$default` route: every request no route matches. */
export type DefaultRoute = Omit<Route, 'method' | 'path'>;

export interface Consumer {
  id: string;
  queue: QueueId;
  entry: string;
  batchSize: number;
  /**
   * Deployed event source's MaximumBatchingWindow: how long Lambda may gather messages before
   * invoking, so a batch carries several and the pollers' SQS requests per message fall (cost).
   * The price is latency: at low traffic a message waits up to this long. Default 0. The local
   * pollers do not wait.
   */
  maxBatchingWindowSeconds?: number;
  grants: Grants;
  /** Deployed Lambda timeout; the queue's visibility timeout is 6× this. Default 30. */
  timeoutSeconds?: number;
  /**
   * The event source's maximum concurrency (2–1000): at most this many invocations at once, each
   * handling its batch's records in parallel, so a backlog drains at a bounded rate instead of
   * flooding whatever the consumer calls. Lambda's pollers hold messages back rather than
   * throttling, so a cap costs no receive. Omitted: Lambda scales to the backlog.
   */
  maxConcurrency?: number;
}

export interface Schedule {
  id: string;
  entry: string;
  /** Deployed cadence. Locally the cadence comes from `localIntervalEnv` (seconds). */
  everyMinutes: number;
  localIntervalEnv: string;
  localIntervalDefaultSeconds: number;
  grants: Grants;
  /** Deployed Lambda timeout. Default 60. */
  timeoutSeconds?: number;
}

// Each row is its own export so a handler's contract (shared/api/) can name it without pulling
// the others into the handler's bundle.

/** Public and cacheable: CDNs and browsers keep it a while, so few requests should reach us. */
const PUBLIC_STATIC_THROTTLE: Throttle = { rateLimit: 100, burstLimit: 200 };

export const providersList: Route = {
  id: 'ProvidersList',
  method: 'GET',
  path: 'providers',
  entry: 'functions/providers-list.ts',
  auth: 'public',
  // Its availability hints: one read of the network-health item a minute per environment.
  grants: { table: { networkHealth: ['GetItem'] } },
  throttle: PUBLIC_STATIC_THROTTLE,
};

export const healthCheck: Route = {
  id: 'HealthCheck',
  method: 'GET',
  path: 'health',
  entry: 'functions/health-check.ts',
  auth: 'public',
  // Probes call it every few seconds; its checks are cached for 10 s (shared/health.ts).
  throttle: { rateLimit: 10, burstLimit: 20 },
  grants: { table: { health: ['GetItem'] }, secret: true },
};

/** FeexPay's settlement webhook (docs/webhooks.md). */
export const webhookReceive: Route = {
  id: 'WebhookReceive',
  method: 'POST',
  path: 'webhook',
  entry: 'functions/webhook-receive.ts',
  auth: 'webhookToken',
  // Stores the event, nothing else: it cannot touch a payment.
  grants: { table: { webhookEvent: ['PutItem'] }, secret: true, sendTo: ['webhook'] },
  // 1,000 payments a second is ~1,000 webhooks a second (docs/performance.md §6), each ~50 ms:
  // 100 reserved environments serve that at 100 ms each, whatever the other functions' load.
  throttle: { rateLimit: 1000, burstLimit: 2000 },
  reservedConcurrency: 100,
};

/** Start a payment (docs/payments.md). The timeout covers FeexPay's up-to-25 s answer. */
export const paymentsInitiate: Route = {
  id: 'PaymentsInitiate',
  method: 'POST',
  path: 'initiate',
  entry: 'functions/payments-initiate.ts',
  auth: 'customer',
  grants: {
    table: {
      payment: ['GetItem', 'PutItem', 'UpdateItem'],
      checkout: ['GetItem', 'UpdateItem'],
      rateWindow: ['UpdateItem'],
    },
    secret: true,
    sendTo: ['notification'],
  },
  timeoutSeconds: 29,
};

/** Owner's view of a payment, refreshed from FeexPay while PENDING (the refresh writes). */
export const paymentsStatus: Route = {
  id: 'PaymentsStatus',
  method: 'GET',
  path: '{id}/status',
  entry: 'functions/payments-status.ts',
  auth: 'customer',
  grants: {
    table: {
      payment: ['GetItem', 'UpdateItem'],
      checkout: ['GetItem', 'UpdateItem'],
      rateWindow: ['UpdateItem'],
    },
    secret: true,
    sendTo: ['notification'],
  },
};

/** The caller's payments (its one write is the rate limiter's counter). */
export const paymentsHistory: Route = {
  id: 'PaymentsHistory',
  method: 'GET',
  path: 'history',
  entry: 'functions/payments-history.ts',
  auth: 'customer',
  grants: { table: { payment: ['Query:byOwner'], rateWindow: ['UpdateItem'] } },
};

export const paymentsRetry: Route = {
  id: 'PaymentsRetry',
  method: 'POST',
  path: 'retry/{id}',
  entry: 'functions/payments-retry.ts',
  auth: 'customer',
  grants: {
    table: {
      payment: ['BatchGetItem', 'GetItem', 'PutItem', 'UpdateItem'],
      checkout: ['GetItem', 'UpdateItem'],
      rateWindow: ['UpdateItem'],
    },
    secret: true,
    sendTo: ['notification'],
  },
  timeoutSeconds: 29,
};

/** The merchant's server reads any payment of the deployment, refreshed from FeexPay while PENDING. */
export const paymentsGet: Route = {
  id: 'PaymentsGet',
  method: 'GET',
  path: 'payments/{id}',
  entry: 'functions/payments-get.ts',
  auth: 'merchant',
  grants: {
    table: { payment: ['GetItem', 'UpdateItem'], checkout: ['GetItem', 'UpdateItem'] },
    secret: true,
    sendTo: ['notification'],
  },
};

/** The merchant's server lists payments: by order, status and time (docs/checkout.md). */
export const paymentsList: Route = {
  id: 'PaymentsList',
  method: 'GET',
  path: 'payments',
  entry: 'functions/payments-list.ts',
  auth: 'merchant',
  grants: {
    table: { payment: ['BatchGetItem', 'Query:byCreated'], checkout: ['BatchGetItem', 'GetItem'] },
  },
};

/**
 * The merchant's server creates a checkout (docs/checkout.md). It may expire the order's previous
 * checkout on the way, which notifies.
 */
export const checkoutsCreate: Route = {
  id: 'CheckoutsCreate',
  method: 'POST',
  path: 'checkouts',
  entry: 'functions/checkouts-create.ts',
  auth: 'merchant',
  grants: { table: { checkout: ['GetItem', 'PutItem', 'UpdateItem'] }, sendTo: ['notification'] },
};

/** The merchant's view of a checkout (an expired one is closed on read, which notifies). */
export const checkoutsGet: Route = {
  id: 'CheckoutsGet',
  method: 'GET',
  path: 'checkouts/{id}',
  entry: 'functions/checkouts-get.ts',
  auth: 'merchant',
  grants: { table: { checkout: ['GetItem', 'UpdateItem'] }, sendTo: ['notification'] },
};

export const checkoutsCancel: Route = {
  id: 'CheckoutsCancel',
  method: 'POST',
  path: 'checkouts/{id}/cancel',
  entry: 'functions/checkouts-cancel.ts',
  auth: 'merchant',
  grants: {
    table: { payment: ['GetItem'], checkout: ['GetItem', 'UpdateItem'] },
    sendTo: ['notification'],
  },
};

/**
 * The customer's view of a checkout (public: the id is the capability), polled by the hosted page;
 * its live attempt is refreshed from FeexPay while PENDING.
 */
export const checkoutsPublic: Route = {
  id: 'CheckoutsPublic',
  method: 'GET',
  path: 'checkouts/{id}/public',
  entry: 'functions/checkouts-public.ts',
  auth: 'public',
  grants: {
    table: {
      payment: ['GetItem', 'UpdateItem'],
      checkout: ['GetItem', 'UpdateItem'],
      rateWindow: ['UpdateItem'],
    },
    secret: true,
    sendTo: ['notification'],
  },
};

/** The customer pays a checkout (public). The timeout covers FeexPay's up-to-25 s answer. */
export const checkoutsPay: Route = {
  id: 'CheckoutsPay',
  method: 'POST',
  path: 'checkouts/{id}/pay',
  entry: 'functions/checkouts-pay.ts',
  auth: 'public',
  grants: {
    table: {
      payment: ['GetItem', 'PutItem', 'UpdateItem'],
      checkout: ['GetItem', 'UpdateItem'],
      rateWindow: ['UpdateItem'],
    },
    secret: true,
    sendTo: ['notification'],
  },
  timeoutSeconds: 29,
};

/**
 * The second step of a two-step OTP network (Coris): the code FeexPay sent the customer, sent on
 * to FeexPay (docs/payments.md, "The OTP step"). Its timeout covers FeexPay's up-to-25 s answer.
 */
export const paymentsOtp: Route = {
  id: 'PaymentsOtp',
  method: 'POST',
  path: '{id}/otp',
  entry: 'functions/payments-otp.ts',
  auth: 'customer',
  grants: {
    table: {
      payment: ['GetItem', 'UpdateItem'],
      checkout: ['GetItem', 'UpdateItem'],
      rateWindow: ['UpdateItem'],
    },
    secret: true,
    sendTo: ['notification'],
  },
  timeoutSeconds: 29,
};

/**
 * The code a two-step OTP network (Coris) sent a checkout's payer, for its attempt: the payments'
 * OTP step (shared/payments/otp.ts) on a public route. Its timeout covers FeexPay's answer.
 */
export const checkoutsOtp: Route = {
  id: 'CheckoutsOtp',
  method: 'POST',
  path: 'checkouts/{id}/otp',
  entry: 'functions/checkouts-otp.ts',
  auth: 'public',
  grants: {
    table: {
      payment: ['GetItem', 'UpdateItem'],
      checkout: ['GetItem', 'UpdateItem'],
      rateWindow: ['UpdateItem'],
    },
    secret: true,
    sendTo: ['notification'],
  },
  timeoutSeconds: 29,
};

/** The hosted checkout page (HTML), at a checkout's `url` (docs/decisions.md, decision 48). */
export const checkoutPage: Route = {
  id: 'CheckoutPage',
  method: 'GET',
  path: 'pay/{id}',
  entry: 'functions/checkout-page.ts',
  auth: 'public',
  grants: {
    table: {
      payment: ['GetItem'],
      checkout: ['GetItem', 'UpdateItem'],
      rateWindow: ['UpdateItem'],
    },
    sendTo: ['notification'],
  },
};

/**
 * The merchant's server pays out of its FeexPay balance to a wallet (docs/refunds-and-payouts.md).
 * The timeout covers FeexPay's up-to-25 s answer and the status read confirming a final one.
 */
export const payoutsCreate: Route = {
  id: 'PayoutsCreate',
  method: 'POST',
  path: 'payouts',
  entry: 'functions/payouts-create.ts',
  auth: 'merchant',
  grants: {
    table: { payout: ['GetItem', 'PutItem', 'UpdateItem'] },
    secret: true,
    sendTo: ['notification'],
  },
  timeoutSeconds: 29,
};

/** One of the merchant's payouts or refunds. */
export const payoutsGet: Route = {
  id: 'PayoutsGet',
  method: 'GET',
  path: 'payouts/{id}',
  entry: 'functions/payouts-get.ts',
  auth: 'merchant',
  grants: { table: { payout: ['GetItem'] } },
};

/** The merchant's payouts and refunds, newest first. */
export const payoutsList: Route = {
  id: 'PayoutsList',
  method: 'GET',
  path: 'payouts',
  entry: 'functions/payouts-list.ts',
  auth: 'merchant',
  grants: { table: { payout: ['BatchGetItem', 'Query:byOwner'] } },
};

/**
 * Refund a SUCCESSFUL payment to its payer: a payout written with the reservation of its amount on
 * the payment (docs/refunds-and-payouts.md). Its timeout covers FeexPay's answer.
 */
export const refundsCreate: Route = {
  id: 'RefundsCreate',
  method: 'POST',
  path: 'payments/{id}/refunds',
  entry: 'functions/refunds-create.ts',
  auth: 'merchant',
  grants: {
    table: { payment: ['GetItem'], payout: ['GetItem', 'PutItem', 'UpdateItem'] },
    secret: true,
    sendTo: ['notification'],
  },
  timeoutSeconds: 29,
};

/** Every refund of a payment. */
export const refundsList: Route = {
  id: 'RefundsList',
  method: 'GET',
  path: 'payments/{id}/refunds',
  entry: 'functions/refunds-list.ts',
  auth: 'merchant',
  grants: { table: { payment: ['GetItem'], payout: ['BatchGetItem'] } },
};

/** The OpenAPI 3.1 document (docs/openapi.json, generated by `npm run openapi`). */
export const openApiDocument: Route = {
  id: 'OpenApiDocument',
  method: 'GET',
  path: 'openapi.json',
  entry: 'functions/openapi-document.ts',
  auth: 'public',
  grants: {},
  throttle: PUBLIC_STATIC_THROTTLE,
};

/**
 * The OpenAPI document as a page (docs/api-reference.html, built by `npm run openapi` with
 * Redocly; Redoc's script inlined, so it needs nothing from elsewhere).
 */
export const apiReference: Route = {
  id: 'ApiReference',
  method: 'GET',
  path: 'reference',
  entry: 'functions/api-reference.ts',
  auth: 'public',
  grants: {},
  throttle: PUBLIC_STATIC_THROTTLE,
};

// --- the back office (docs/back-office.md) ----------------------------------------------------

/**
 * The back office's page (HTML, CSS and script; French and English): a shell holding no data,
 * public like any static asset, since a browser's navigation cannot carry a bearer token. Every
 * route it calls for data or actions requires the operator scope (docs/decisions.md, decision 57).
 */
export const adminPage: Route = {
  id: 'AdminPage',
  method: 'GET',
  path: 'admin',
  entry: 'functions/admin-page.ts',
  auth: 'public',
  grants: {},
  throttle: PUBLIC_STATIC_THROTTLE,
};

/** Payments, newest first, filtered by dates, status, network and amount (operator scope). */
export const adminPaymentsList: Route = {
  id: 'AdminPaymentsList',
  method: 'GET',
  path: 'admin/payments',
  entry: 'functions/admin-payments-list.ts',
  auth: 'operator',
  grants: {
    table: { payment: ['BatchGetItem', 'Query:byCreated'], checkout: ['BatchGetItem', 'GetItem'] },
  },
};

/** The same list as CSV (operator scope). */
export const adminPaymentsExport: Route = {
  id: 'AdminPaymentsExport',
  method: 'GET',
  path: 'admin/export',
  entry: 'functions/admin-payments-export.ts',
  auth: 'operator',
  grants: {
    table: { payment: ['BatchGetItem', 'Query:byCreated'], checkout: ['BatchGetItem', 'GetItem'] },
  },
  timeoutSeconds: 29,
};

/** Find payments by our id, the merchant's orderId, FeexPay's reference or a phone number. */
export const adminSearch: Route = {
  id: 'AdminSearch',
  method: 'GET',
  path: 'admin/search',
  entry: 'functions/admin-search.ts',
  auth: 'operator',
  grants: {
    table: {
      payment: ['BatchGetItem', 'GetItem', 'Query:byPhone', 'Query:byReference'],
      checkout: ['BatchGetItem', 'GetItem'],
    },
    secret: true,
  },
};

/** One payment and its timeline (operator scope). */
export const adminPaymentTimeline: Route = {
  id: 'AdminPaymentTimeline',
  method: 'GET',
  path: 'admin/payments/{id}',
  entry: 'functions/admin-payment-timeline.ts',
  auth: 'operator',
  grants: {
    table: {
      payment: ['BatchGetItem', 'GetItem'],
      checkout: ['GetItem'],
      payout: ['BatchGetItem'],
      webhookEvent: ['BatchGetItem'],
    },
  },
};

/** Re-send a settled payment's merchant notification, audited (operator scope). */
export const adminPaymentResend: Route = {
  id: 'AdminPaymentResend',
  method: 'POST',
  path: 'admin/payments/{id}/resend',
  entry: 'functions/admin-payment-resend.ts',
  auth: 'operator',
  grants: { table: { payment: ['GetItem', 'UpdateItem'] }, sendTo: ['notification'] },
};

/** Refund a SUCCESSFUL payment, audited (operator scope): the merchant's refund, by an operator. */
export const adminPaymentRefund: Route = {
  id: 'AdminPaymentRefund',
  method: 'POST',
  path: 'admin/payments/{id}/refunds',
  entry: 'functions/admin-payment-refund.ts',
  auth: 'operator',
  grants: {
    table: {
      payment: ['GetItem', 'UpdateItem'],
      payout: ['GetItem', 'PutItem', 'UpdateItem'],
      checkout: ['GetItem'],
    },
    secret: true,
    sendTo: ['notification'],
  },
  timeoutSeconds: 29,
};

/** Cancel an open checkout, audited (operator scope). */
export const adminCheckoutCancel: Route = {
  id: 'AdminCheckoutCancel',
  method: 'POST',
  path: 'admin/checkouts/{id}/cancel',
  entry: 'functions/admin-checkout-cancel.ts',
  auth: 'operator',
  grants: {
    table: { payment: ['GetItem'], checkout: ['GetItem', 'UpdateItem'] },
    sendTo: ['notification'],
  },
};

/** Network health from our own data (operator scope): the figures the schedule keeps. */
export const adminNetworkHealth: Route = {
  id: 'AdminNetworkHealth',
  method: 'GET',
  path: 'admin/networks',
  entry: 'functions/admin-network-health.ts',
  auth: 'operator',
  grants: { table: { networkHealth: ['GetItem'] } },
};

export const routes: readonly Route[] = [
  providersList,
  healthCheck,
  webhookReceive,
  paymentsInitiate,
  paymentsStatus,
  paymentsHistory,
  paymentsRetry,
  paymentsGet,
  paymentsList,
  checkoutsCreate,
  checkoutsGet,
  checkoutsCancel,
  checkoutsPublic,
  checkoutsPay,
  checkoutsOtp,
  checkoutPage,
  paymentsOtp,
  payoutsCreate,
  payoutsGet,
  payoutsList,
  refundsCreate,
  refundsList,
  openApiDocument,
  apiReference,
  adminPage,
  adminPaymentsList,
  adminPaymentsExport,
  adminSearch,
  adminPaymentTimeline,
  adminPaymentResend,
  adminCheckoutCancel,
  adminNetworkHealth,
  adminPaymentRefund,
];

/**
 * API Gateway's `$default` route: answers unmatched requests with problem+json (404, 405 with
 * `Allow`, 308 for a trailing slash) instead of the gateway's bare `{"message":"Not Found"}`.
 */
export const defaultRoute: DefaultRoute = {
  id: 'NotFound',
  entry: 'functions/not-found.ts',
  auth: 'public',
  grants: {},
  // Only mistakes and scanners land here.
  throttle: { rateLimit: 20, burstLimit: 40 },
};

export const queues: readonly QueueId[] = ['webhook', 'notification'];

export const consumers: readonly Consumer[] = [
  {
    // Confirms each FeexPay webhook with the status endpoint, then applies the transition.
    id: 'WebhookProcess',
    queue: 'webhook',
    entry: 'functions/webhook-process.ts',
    batchSize: 10,
    // Up to 3 s more before a webhook is confirmed, for fewer poller requests (docs/performance.md).
    maxBatchingWindowSeconds: 3,
    // A status read may take three attempts of up to 8 s each.
    timeoutSeconds: 60,
    // At most 30 × 10 status reads in flight: ~1,000 webhooks a second at 300 ms a read, and no
    // more however long the backlog a FeexPay outage leaves (docs/webhooks.md).
    maxConcurrency: 30,
    grants: {
      table: {
        payment: ['GetItem', 'Query:byReference', 'UpdateItem'],
        checkout: ['GetItem', 'UpdateItem'],
        payout: ['GetItem', 'Query:byReference', 'UpdateItem'],
        webhookEvent: ['UpdateItem'],
      },
      secret: true,
      sendTo: ['notification'],
    },
  },
  {
    // Signed merchant notifications (Standard Webhooks); retries re-queue with SQS delays.
    id: 'NotificationsSend',
    queue: 'notification',
    entry: 'functions/notifications-send.ts',
    batchSize: 10,
    // Up to 3 s more before the merchant hears of a change (docs/webhooks.md, performance.md).
    maxBatchingWindowSeconds: 3,
    // At most 10 × 10 POSTs to the merchant at once, backlog or not.
    maxConcurrency: 10,
    grants: {
      table: {
        payment: ['GetItem', 'UpdateItem'],
        checkout: ['GetItem', 'UpdateItem'],
        payout: ['GetItem', 'UpdateItem'],
      },
      secret: true,
      sendTo: ['notification'],
    },
  },
];

export const schedules: readonly Schedule[] = [
  {
    // Outbox flush, PENDING re-checks with backoff, expiry, late-success watch.
    id: 'PaymentsReconcile',
    entry: 'functions/payments-reconcile.ts',
    everyMinutes: 5,
    localIntervalEnv: 'RECONCILE_INTERVAL_SECONDS',
    localIntervalDefaultSeconds: 10,
    timeoutSeconds: 120,
    grants: {
      table: {
        payment: ['GetItem', 'Query:byDueWork', 'UpdateItem'],
        checkout: ['GetItem', 'Query:byDueWork', 'UpdateItem'],
        payout: ['GetItem', 'Query:byDueWork', 'UpdateItem'],
      },
      secret: true,
      sendTo: ['notification'],
    },
  },
  {
    // Network health for the back office and providers/ (docs/back-office.md): reads the last
    // day's payments (at most 5,000) and counts the last 14 days', writes one item.
    id: 'NetworkHealthRefresh',
    entry: 'functions/network-health-refresh.ts',
    everyMinutes: 5,
    localIntervalEnv: 'NETWORK_HEALTH_INTERVAL_SECONDS',
    localIntervalDefaultSeconds: 30,
    timeoutSeconds: 120,
    grants: {
      table: {
        payment: ['BatchGetItem', 'Query:byCreated'],
        checkout: ['BatchGetItem', 'GetItem'],
        networkHealth: ['PutItem'],
      },
    },
  },
];

/** `GET` + `{id}/status` → `/api/v1/payments/feexpay/{id}/status`. */
export function fullPath(route: Pick<Route, 'path'>): string {
  return `${API_BASE_PATH}/${route.path}`;
}

/** Name of the environment variable carrying a queue's URL, e.g. `WEBHOOK_QUEUE_URL`. */
export function queueUrlEnv(queue: QueueId): string {
  return `${queue.toUpperCase()}_QUEUE_URL`;
}
