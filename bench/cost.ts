/**
 * Cost per 1 million payments, from the AWS requests counted over the real flows (requests.ts) and
 * the published us-east-1 list prices below. What is measured and what is assumed is named in
 * each line, so the model can be re-run with other assumptions.
 */
import type { FlowCount, RequestsReport } from './requests.ts';

/** us-east-1 list prices, as published by AWS (docs/performance.md §4; check them before relying on a total). */
export const PRICES = {
  asOf: '2026-11 (DynamoDB on-demand prices in force since 2024-11-01)',
  lambdaPerMillionRequests: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  httpApiPerMillion: 1.0,
  dynamoPerMillionWru: 0.625,
  dynamoPerMillionRru: 0.125,
  sqsPerMillion: 0.4,
  secretsPer10kCalls: 0.05,
} as const;

/** The lifecycle of one payment the model prices (assumptions, stated in docs/performance.md). */
export const ASSUMPTIONS = {
  memoryGb: 0.5,
  /** Billed milliseconds per invocation; initiate and the processor wait on FeexPay. */
  durationMs: { initiate: 300, status: 15, webhookReceive: 15, webhookProcess: 300, notify: 100 },
  /** Invocations per payment: initiate, one status read, webhook receive, processor, notifier. */
  invocations: 5,
  /** API Gateway requests per payment: initiate, one status read, FeexPay's webhook. */
  apiRequests: 3,
  /**
   * Lambda's SQS pollers (modelled: the bench cannot count the Lambda service's own requests, and
   * the local pollers are not it). Per batch one ReceiveMessage that returns it and one
   * DeleteMessageBatch. The batch size follows from the traffic and the event source's
   * MaximumBatchingWindow (lib/routes.ts): messages a poller sees in one window, 1 to 10.
   * On top, an idle poller long-polls (20 s): 3 empty receives a minute each, paid whatever the
   * traffic; Lambda keeps at least `sqsPollersPerQueue` of them per queue.
   */
  sqsPollersPerQueue: 5,
  sqsQueues: 2,
  sqsBatchingWindowSeconds: 3,
  sqsMaxBatch: 10,
  /** Payments a month the fixed monthly costs (reconciler, secrets, idle polling) are shared by. */
  paymentsPerMonth: 1_000_000,
  /**
   * Rate limiter: one lease write (1 WRU, a tiny item) per JWT request in the worst case, a user
   * whose only requests in a function's one-minute window are this payment's (each route is its
   * own function, so its own lease). Leases save writes only for users making several requests a minute.
   */
  limiterWritesPerJwtRequest: 1,
  /** Reconciler: one pass every 5 minutes; priced for 1M payments a month. */
  reconcilerPassesPerMonth: 30 * 24 * 12,
  /** Secrets Manager: cached 5 min per execution environment; ~12 warm environments. */
  secretCallsPerMonth: 12 * 30 * 24 * 12,
} as const;

/**
 * A payment taken through a checkout: the merchant's server creates it, the customer loads the
 * page, pays once, and the page polls the public view while the customer approves; FeexPay's
 * webhook settles the attempt and the checkout, and the merchant gets two notifications
 * (`payment.succeeded`, `checkout.completed`).
 */
export const CHECKOUT_ASSUMPTIONS = {
  /** Public polls while the customer approves (every 2 s, growing: ~10–15 s of waiting). */
  polls: 5,
  /** Of those polls, the ones whose claim wins a FeexPay refresh (at most one per 5 s). */
  refreshingPolls: 2,
  /** Billed milliseconds per invocation. */
  durationMs: {
    create: 30,
    page: 20,
    pay: 300,
    poll: 15,
    refreshingPoll: 300,
    webhookReceive: 15,
    webhookProcess: 300,
    notify: 100,
  },
  /**
   * Rate-limiter writes, modelled at the worst case: each public function (page, pay, public) takes
   * a lease for the checkout and one for the address, in a fresh window.
   */
  limiterWrites: 6,
} as const;

/**
 * A refund: the merchant's server (or an operator) asks for it, FeexPay pays it out and sends its
 * payout webhook, the processor confirms it by a status read, and the merchant gets
 * `refund.succeeded`.
 */
export const REFUND_ASSUMPTIONS = {
  /** Billed milliseconds per invocation; the request and the processor wait on FeexPay. */
  durationMs: { create: 300, webhookReceive: 15, webhookProcess: 300, notify: 100 },
  /** The merchant's request takes one rate-limiter lease (worst case, a fresh window). */
  limiterWrites: 1,
} as const;

export interface CostLine {
  item: string;
  basis: string;
  usd: number;
}

const flow = (report: RequestsReport, name: string): FlowCount => {
  const found = report.flows.find((f) => f.flow === name || f.flow.startsWith(`${name} (`));
  if (!found) throw new Error(`bench: flow ${name} was not measured`);
  return found;
};

/** Write units of a flow as DynamoDB billed them (table + indexes), without the rate limiter's. */
function wruWithoutLimiter(f: FlowCount): number {
  return f.wru - (f.wruByEntity.RATE ?? 0);
}

/** Messages in one poller batch at `paymentsPerMonth` (each payment puts one on each queue). */
export function sqsBatchSize(paymentsPerMonth: number): number {
  const a = ASSUMPTIONS;
  const perSecond = paymentsPerMonth / (30 * 24 * 3600);
  const perPollerWindow = (perSecond / a.sqsPollersPerQueue) * a.sqsBatchingWindowSeconds;
  return Math.min(a.sqsMaxBatch, Math.max(1, perPollerWindow));
}

/** The cost of 1M payments each taken through a checkout paid at the first attempt. */
export function costPerMillionCheckoutPayments(
  report: RequestsReport,
  paymentsPerMonth: number = ASSUMPTIONS.paymentsPerMonth,
): { lines: CostLine[]; total: number } {
  const perMillion = (monthly: number) => monthly / (paymentsPerMonth / 1_000_000);
  const measured = ['create', 'page', 'pay', 'webhook to notifications'].map((name) =>
    flow(report, `checkout ${name}`),
  );
  const poll = flow(report, 'checkout public (PENDING)');
  const idle = flow(report, 'reconciler pass (idle)');
  const a = CHECKOUT_ASSUMPTIONS;
  const p = PRICES;
  const M = 1_000_000;
  const polls = a.polls;
  // A refreshing poll adds the claim write (1 WRU) and a FeexPay status read to a plain poll.
  const measuredWru =
    measured.reduce((sum, f) => sum + wruWithoutLimiter(f), 0) +
    polls * wruWithoutLimiter(poll) +
    a.refreshingPolls;
  const wru = measuredWru + a.limiterWrites;
  const rru = measured.reduce((sum, f) => sum + f.rru, 0) + polls * poll.rru;
  const reads = measured.reduce((sum, f) => sum + f.dynamoReads, 0) + polls * poll.dynamoReads;
  // Each limiter write is 1 WRU on its own tiny item: what is not the limiter's is the checkout's.
  const limiterWritesMeasured = measured.reduce((sum, f) => sum + (f.wruByEntity.RATE ?? 0), 0);
  const writes =
    measured.reduce((sum, f) => sum + f.dynamoWrites, 0) -
    limiterWritesMeasured +
    a.refreshingPolls;
  const sqsSends = measured.reduce((sum, f) => sum + f.sqs, 0);
  const batch = sqsBatchSize(paymentsPerMonth);
  const pollerPerMessage = 2 / batch;
  const idlePollsPerMonth =
    ASSUMPTIONS.sqsQueues * ASSUMPTIONS.sqsPollersPerQueue * 3 * 60 * 24 * 30;
  const d = a.durationMs;
  const ms =
    d.create +
    d.page +
    d.pay +
    (polls - a.refreshingPolls) * d.poll +
    a.refreshingPolls * d.refreshingPoll +
    d.webhookReceive +
    d.webhookProcess +
    2 * d.notify;
  // create, page, pay, the polls, FeexPay's webhook
  const apiRequests = 3 + polls + 1;
  // the API's, the processor, two notifications
  const invocations = apiRequests + 1 + 2;
  const lines: CostLine[] = [
    {
      item: 'API Gateway HTTP API',
      basis: `${apiRequests} requests (create, page, pay, ${polls} polls, webhook) × $${p.httpApiPerMillion}/M`,
      usd: apiRequests * p.httpApiPerMillion,
    },
    {
      item: 'Lambda requests',
      basis: `${invocations} invocations × $${p.lambdaPerMillionRequests}/M`,
      usd: invocations * p.lambdaPerMillionRequests,
    },
    {
      item: 'Lambda duration (arm64, 512 MB)',
      basis: `${ms} ms × 0.5 GB × $${p.lambdaArmPerGbSecond}/GB-s`,
      usd: (ms / 1000) * ASSUMPTIONS.memoryGb * p.lambdaArmPerGbSecond * M,
    },
    {
      item: 'DynamoDB writes',
      basis: `${writes} writes = ${measuredWru} WRU (measured, table + indexes; the creation's transaction billed twice; ${a.refreshingPolls} refresh claims) + ${a.limiterWrites} limiter WRU (modelled) × $${p.dynamoPerMillionWru}/M`,
      usd: wru * p.dynamoPerMillionWru,
    },
    {
      item: 'DynamoDB reads',
      basis: `${reads} reads = ${rru} RRU (measured) × $${p.dynamoPerMillionRru}/M`,
      usd: rru * p.dynamoPerMillionRru,
    },
    {
      item: 'DynamoDB, reconciler passes',
      basis: `${ASSUMPTIONS.reconcilerPassesPerMonth} passes/month × ${idle.dynamoReads} Queries, shared by ${paymentsPerMonth / M}M payments/month`,
      usd: perMillion(
        (ASSUMPTIONS.reconcilerPassesPerMonth *
          Math.max(idle.rru, idle.dynamoReads * 0.5) *
          p.dynamoPerMillionRru) /
          M,
      ),
    },
    {
      item: 'SQS',
      basis: `${sqsSends} sends (counted) + pollers (modelled, ${pollerPerMessage.toFixed(2)} per message) × $${p.sqsPerMillion}/M`,
      usd: (sqsSends + sqsSends * pollerPerMessage) * p.sqsPerMillion,
    },
    {
      item: 'SQS, idle long polling',
      basis: `as for a payment: ${(idlePollsPerMonth / M).toFixed(2)}M/month`,
      usd: perMillion((idlePollsPerMonth / M) * p.sqsPerMillion),
    },
    {
      item: 'Secrets Manager',
      basis: `~${ASSUMPTIONS.secretCallsPerMonth} refreshes/month (5-min cache)`,
      usd: perMillion((ASSUMPTIONS.secretCallsPerMonth / 10_000) * p.secretsPer10kCalls),
    },
  ];
  return { lines, total: lines.reduce((sum, line) => sum + line.usd, 0) };
}

/**
 * The cost of 1M refunds, each paid out at once and settled by FeexPay's payout webhook. Variable
 * costs only: the reconciler, idle polling and secrets are the payments' fixed costs already.
 */
export function costPerMillionRefunds(report: RequestsReport): {
  lines: CostLine[];
  total: number;
} {
  const measured = ['refund create', 'refund webhook to notification'].map((name) =>
    flow(report, name),
  );
  const a = REFUND_ASSUMPTIONS;
  const p = PRICES;
  const M = 1_000_000;
  const measuredWru = measured.reduce((sum, f) => sum + wruWithoutLimiter(f), 0);
  const wru = measuredWru + a.limiterWrites;
  const rru = measured.reduce((sum, f) => sum + f.rru, 0);
  const reads = measured.reduce((sum, f) => sum + f.dynamoReads, 0);
  const writes = measured.reduce((sum, f) => sum + f.dynamoWrites - (f.wruByEntity.RATE ?? 0), 0);
  const sqsSends = measured.reduce((sum, f) => sum + f.sqs, 0);
  const pollerPerMessage = 2 / sqsBatchSize(ASSUMPTIONS.paymentsPerMonth);
  const d = a.durationMs;
  const ms = d.create + d.webhookReceive + d.webhookProcess + d.notify;
  // the refund request and FeexPay's payout webhook; then the processor and the notifier
  const apiRequests = 2;
  const invocations = apiRequests + 2;
  const lines: CostLine[] = [
    {
      item: 'API Gateway HTTP API',
      basis: `${apiRequests} requests (the refund, FeexPay's payout webhook) × $${p.httpApiPerMillion}/M`,
      usd: apiRequests * p.httpApiPerMillion,
    },
    {
      item: 'Lambda requests',
      basis: `${invocations} invocations × $${p.lambdaPerMillionRequests}/M`,
      usd: invocations * p.lambdaPerMillionRequests,
    },
    {
      item: 'Lambda duration (arm64, 512 MB)',
      basis: `${ms} ms × 0.5 GB × $${p.lambdaArmPerGbSecond}/GB-s`,
      usd: (ms / 1000) * ASSUMPTIONS.memoryGb * p.lambdaArmPerGbSecond * M,
    },
    {
      item: 'DynamoDB writes',
      basis: `${writes} writes = ${measuredWru} WRU (measured, table + indexes; each transaction billed twice) + ${a.limiterWrites} limiter WRU (modelled) × $${p.dynamoPerMillionWru}/M`,
      usd: wru * p.dynamoPerMillionWru,
    },
    {
      item: 'DynamoDB reads',
      basis: `${reads} reads = ${rru} RRU (measured) × $${p.dynamoPerMillionRru}/M`,
      usd: rru * p.dynamoPerMillionRru,
    },
    {
      item: 'SQS',
      basis: `${sqsSends} sends (counted) + pollers (modelled, ${pollerPerMessage.toFixed(2)} per message) × $${p.sqsPerMillion}/M`,
      usd: (sqsSends + sqsSends * pollerPerMessage) * p.sqsPerMillion,
    },
  ];
  return { lines, total: lines.reduce((sum, line) => sum + line.usd, 0) };
}

export function costPerMillionPayments(
  report: RequestsReport,
  paymentsPerMonth: number = ASSUMPTIONS.paymentsPerMonth,
): {
  lines: CostLine[];
  total: number;
} {
  /** A monthly fixed cost's share per 1M payments. */
  const perMillion = (monthly: number) => monthly / (paymentsPerMonth / 1_000_000);
  const initiate = flow(report, 'initiate');
  const status = flow(report, 'status (settled)');
  const webhook = flow(report, 'webhook to notification');
  const idle = flow(report, 'reconciler pass (idle)');
  const a = ASSUMPTIONS;
  const p = PRICES;
  const M = 1_000_000;

  // Measured: what DynamoDB Local reports as consumed (ReturnConsumedCapacity INDEXES), so item
  // sizes and index writes are billed as AWS bills them. Modelled: the limiter's lease write,
  // which the bench's order of requests makes land in one flow or another.
  const measuredWru =
    wruWithoutLimiter(initiate) + wruWithoutLimiter(status) + wruWithoutLimiter(webhook);
  const limiterWru = a.apiRequests - 1; // initiate and status: the JWT routes of one payment
  const wruPerPayment = measuredWru + limiterWru * a.limiterWritesPerJwtRequest;
  const rruPerPayment = initiate.rru + status.rru + webhook.rru;
  const sqsSends = initiate.sqs + status.sqs + webhook.sqs;
  const batch = sqsBatchSize(paymentsPerMonth);
  const pollerPerMessage = 2 / batch;
  const idlePollsPerMonth = a.sqsQueues * a.sqsPollersPerQueue * 3 * 60 * 24 * 30;
  const sqsPerPayment = sqsSends + sqsSends * pollerPerMessage;
  const gbSeconds = (Object.values(a.durationMs).reduce((x, y) => x + y, 0) / 1000) * a.memoryGb;

  const lines: CostLine[] = [
    {
      item: 'API Gateway HTTP API',
      basis: `${a.apiRequests} requests × $${p.httpApiPerMillion}/M`,
      usd: a.apiRequests * p.httpApiPerMillion,
    },
    {
      item: 'Lambda requests',
      basis: `${a.invocations} invocations × $${p.lambdaPerMillionRequests}/M`,
      usd: a.invocations * p.lambdaPerMillionRequests,
    },
    {
      item: 'Lambda duration (arm64, 512 MB)',
      basis: `${Object.values(a.durationMs).reduce((x, y) => x + y, 0)} ms × 0.5 GB × $${p.lambdaArmPerGbSecond}/GB-s`,
      usd: gbSeconds * p.lambdaArmPerGbSecond * M,
    },
    {
      item: 'DynamoDB writes',
      basis: `${initiate.dynamoWrites + webhook.dynamoWrites} payment and webhook writes = ${measuredWru} WRU (measured, table + indexes) + ${limiterWru * a.limiterWritesPerJwtRequest} limiter WRU (modelled) × $${p.dynamoPerMillionWru}/M`,
      usd: wruPerPayment * p.dynamoPerMillionWru,
    },
    {
      item: 'DynamoDB reads',
      basis: `${initiate.dynamoReads + status.dynamoReads + webhook.dynamoReads} reads = ${rruPerPayment} RRU (measured) × $${p.dynamoPerMillionRru}/M`,
      usd: rruPerPayment * p.dynamoPerMillionRru,
    },
    {
      item: 'DynamoDB, reconciler passes',
      basis: `${a.reconcilerPassesPerMonth} passes/month × ${idle.dynamoReads} Queries (counted, ≥ 0.5 RRU each), shared by ${paymentsPerMonth / M}M payments/month`,
      usd: perMillion(
        (a.reconcilerPassesPerMonth *
          Math.max(idle.rru, idle.dynamoReads * 0.5) *
          p.dynamoPerMillionRru) /
          M,
      ),
    },
    {
      item: 'SQS',
      basis: `${sqsSends} sends (counted) + pollers (modelled): ${pollerPerMessage.toFixed(2)} per message (batches of ${batch.toFixed(1)} in a ${a.sqsBatchingWindowSeconds} s window) × $${p.sqsPerMillion}/M`,
      usd: sqsPerPayment * p.sqsPerMillion,
    },
    {
      item: 'SQS, idle long polling',
      basis: `${a.sqsQueues} queues × ${a.sqsPollersPerQueue} pollers × 3 empty receives/min (modelled) = ${(idlePollsPerMonth / M).toFixed(2)}M/month`,
      usd: perMillion((idlePollsPerMonth / M) * p.sqsPerMillion),
    },
    {
      item: 'Secrets Manager',
      basis: `${initiate.secrets + status.secrets + webhook.secrets} calls per warm flow (counted; 5-min cache); ~${a.secretCallsPerMonth} refreshes/month`,
      usd: perMillion((a.secretCallsPerMonth / 10_000) * p.secretsPer10kCalls),
    },
  ];
  const total = lines.reduce((sum, line) => sum + line.usd, 0);
  return { lines, total };
}
