/**
 * AWS requests per operation, counted by an SDK middleware (test/support/aws-request-counter.ts)
 * on the clients the handlers share, over real flows through the local stack (DynamoDB Local, the
 * SQS emulator, the FeexPay simulator; handlers in this process). Run as its own process
 * (`node bench/requests.ts <out.json>`): the stack sets the handlers' environment.
 *
 * Not counted here (modelled in the cost instead): the Lambda service's own SQS ReceiveMessage /
 * DeleteMessage calls for event source mappings (the local pollers use their own client).
 */

import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { webhookBody } from '../local/simulator/payouts.ts';
import { checkoutKey, paymentKey, payoutKey } from '../shared/keys.ts';
import { countRequests, type RequestCounter } from '../test/support/aws-request-counter.ts';
import { itemSize, itemSizeByAttribute, measureCapacity, type PaymentWrite } from './capacity.ts';
import { startBenchStack } from './local-stack.ts';

export interface FlowCount {
  flow: string;
  dynamoReads: number;
  dynamoWrites: number;
  sqs: number;
  secrets: number;
  operations: Record<string, number>;
  /** Write units DynamoDB billed (table + indexes), as DynamoDB Local reports them. */
  wru: number;
  /** Read units DynamoDB billed. */
  rru: number;
  /** Units by table / index. */
  units: Record<string, { wru: number; rru: number }>;
  /** Write units by entity written (`PAYMENT`, `WEBHOOK`, `RATE`). */
  wruByEntity: Record<string, number>;
  /** Each write to a payment item: size once written, units billed. */
  paymentWrites: PaymentWrite[];
  note?: string;
}

export interface RequestsReport {
  flows: FlowCount[];
  /** DynamoDB item sizes (attribute names + values), bytes. */
  itemBytes: {
    /** The payment once settled and notified. */
    payment: number;
    /** The payment after initiate (PENDING, FeexPay's answer recorded). */
    paymentInitiated: number;
    webhookEvent: number;
    /** A checkout once paid and notified. */
    checkout: number;
    /** A refund once SUCCESSFUL and notified. */
    refund: number;
  };
  /** The settled payment item's attributes by size, largest first. */
  paymentAttributes: [string, number][];
}

const READS = new Set(['GetItem', 'Query', 'BatchGetItem', 'Scan', 'TransactGetItems']);
const WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(50);
  }
}

export async function measureRequests(): Promise<RequestsReport> {
  const stack = await startBenchStack('bench', {
    simulatorDelayMs: 100,
    // The schedule runs only when this script asks (runSchedule), so it never pollutes a flow.
    reconcileIntervalSeconds: 3600,
  });
  try {
    const { dynamoDbClient, ddb } = await import('../shared/clients/dynamodb.ts');
    const { sqs } = await import('../shared/clients/sqs.ts');
    const dynamo = countRequests(dynamoDbClient);
    const capacity = measureCapacity(dynamoDbClient);
    const queue = countRequests(sqs);
    // Powertools builds its own Secrets Manager client: count at the class, every instance.
    let secretCalls = 0;
    const originalSend = SecretsManagerClient.prototype.send;
    SecretsManagerClient.prototype.send = function (
      this: SecretsManagerClient,
      ...args: unknown[]
    ) {
      secretCalls++;
      return (originalSend as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof originalSend;
    const counters: RequestCounter[] = [dynamo, queue];

    const token = await stack.issuer.sign('bench-requests');
    const call = async (method: string, path: string, body?: unknown, key?: string) => {
      const res = await fetch(`${stack.apiUrl}/${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    // A realistic order: every optional field a merchant would send, a redirect network (so
    // FeexPay answers with a payment URL), metadata of a few keys.
    // BENCH_ORDER=minimal: the smallest order (push network, a short description, nothing else).
    const minimal = process.env.BENCH_ORDER === 'minimal';
    const pay = (ending: string) =>
      minimal
        ? {
            amount: 1500,
            currency: 'XOF',
            network: 'mtn',
            phoneNumber: `22901660000${ending}`,
            description: 'Order 42',
          }
        : realistic(ending);
    const realistic = (ending: string) => ({
      amount: 1500,
      currency: 'XOF',
      network: 'wave_sn',
      phoneNumber: `2217700000${ending}`,
      description: 'Order #10042 – 2 items, Boutique Dakar',
      firstName: 'Aminata',
      lastName: 'Diallo',
      email: 'aminata.diallo@example.com',
      returnUrl: 'https://shop.example.com/orders/10042/paid',
      metadata: { orderId: '10042', cartId: 'c_8f3a2b', channel: 'web' },
    });

    /** Waits until no counted request has been sent for `quietMs`. */
    const quiet = async (quietMs = 800) => {
      let last = -1;
      let stableSince = Date.now();
      for (;;) {
        const total = counters.reduce((sum, c) => sum + c.total(), 0) + secretCalls;
        if (total !== last) {
          last = total;
          stableSince = Date.now();
        } else if (Date.now() - stableSince >= quietMs) return;
        await sleep(50);
      }
    };
    const reset = () => {
      for (const c of counters) c.reset();
      capacity.reset();
      secretCalls = 0;
    };
    const snapshot = (flow: string, note?: string): FlowCount => {
      const operations: Record<string, number> = {};
      let dynamoReads = 0;
      let dynamoWrites = 0;
      for (const [op, n] of Object.entries(dynamo.counts())) {
        operations[op] = n;
        if (READS.has(op)) dynamoReads += n;
        if (WRITES.has(op)) dynamoWrites += n;
      }
      for (const [op, n] of Object.entries(queue.counts())) operations[`SQS.${op}`] = n;
      if (secretCalls) operations['SecretsManager.GetSecretValue'] = secretCalls;
      return {
        flow,
        dynamoReads,
        dynamoWrites,
        sqs: queue.total(),
        secrets: secretCalls,
        operations,
        wru: capacity.wru(),
        rru: capacity.rru(),
        units: capacity.byTarget(),
        wruByEntity: capacity.byEntity(),
        paymentWrites: capacity.paymentWrites(),
        ...(note ? { note } : {}),
      };
    };
    const merchantGot = (webhookId: string) =>
      stack.merchantDeliveries.some((d) => d.headers['webhook-id'] === webhookId) || undefined;

    // Warm-up (not counted): every handler loaded, the secret cached, one full settlement.
    const warm = await call('POST', 'initiate', pay('00'), randomUUID());
    const warmId = String(warm.body.id);
    await waitFor(() => merchantGot(`evt_${warmId}_succeeded`), 'warm-up notification');
    await call('GET', `${warmId}/status`);
    await call('GET', 'history?limit=20');
    await quiet();

    const flows: FlowCount[] = [];
    reset();
    const key = randomUUID();
    const created = await call('POST', 'initiate', pay('02'), key);
    const id = String(created.body.id);
    await quiet();
    flows.push(snapshot('initiate', 'rate limit + conditional Put + FeexPay answer'));

    reset();
    await call('POST', 'initiate', pay('02'), key);
    await quiet();
    flows.push(
      snapshot(
        'idempotent replay',
        'rate limit + the conditional Put that finds the stored answer',
      ),
    );

    reset();
    await call('GET', `${warmId}/status`);
    await quiet();
    flows.push(snapshot('status (settled)', 'GetItem + rate limit'));

    reset();
    await call('GET', 'history?limit=20');
    await quiet();
    flows.push(snapshot('history page (20)', 'Query byOwner + rate limit'));

    const stored = await ddb.send(
      new GetCommand({
        TableName: stack.settings.tableName,
        Key: paymentKey(id),
        ConsistentRead: true,
      }),
    );
    const reference = String(stored.Item?.reference);
    const initiatedBytes = itemSize(stored.Item ?? {});
    // FeexPay settles; its webhook is posted here (the same body the simulator sends), so the
    // receiver's own requests can be read the moment it answers.
    const simulatorWebhookUrl = `${stack.apiUrl}/webhook/?token=${encodeURIComponent(stack.settings.feexPayWebhookToken)}`;
    stack.simulator?.setWebhookUrl(undefined);
    stack.simulator?.settle(reference, 'SUCCESSFUL');
    reset();
    const hook = await fetch(simulatorWebhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        reference,
        order_id: reference,
        status: 'SUCCESSFUL',
        amount: 1500,
        callback_info: id,
        type: 'Paiement',
        phoneNumber: '221770000002',
        date: new Date().toISOString(),
        reseau: 'WAVE',
        description: 'Order #10042 – 2 items, Boutique Dakar',
        reason: '',
      }),
    });
    if (hook.status !== 200) throw new Error(`bench: webhook answered ${hook.status}`);
    flows.push(
      snapshot('webhook ingest (receiver)', 'token check, one conditional Put, one SendMessage'),
    );
    await waitFor(() => merchantGot(`evt_${id}_succeeded`), 'notification of the settled payment');
    stack.simulator?.setWebhookUrl(simulatorWebhookUrl);
    await quiet();
    flows.push(
      snapshot(
        'webhook to notification',
        'receiver + processor (FeexPay status re-read) + notifier',
      ),
    );

    const settledItem = await ddb.send(
      new GetCommand({
        TableName: stack.settings.tableName,
        Key: paymentKey(id),
        ConsistentRead: true,
      }),
    );
    const webhookItem = await ddb.send(
      new GetCommand({
        TableName: stack.settings.tableName,
        Key: { pk: `WEBHOOK#${reference}#SUCCESSFUL`, sk: 'WEBHOOK' },
        ConsistentRead: true,
      }),
    );

    reset();
    await stack.runSchedule('PaymentsReconcile');
    await quiet();
    flows.push(
      snapshot(
        'reconciler pass (idle)',
        'nothing due: one small Query per shard (10) of each due-list the reconciler reads',
      ),
    );

    // A pass with K payments due: created now, checked as if 2 minutes had passed.
    const K = 5;
    for (let i = 0; i < K; i++) await call('POST', 'initiate', pay('02'), randomUUID());
    await quiet();
    const { reconcile } = await import('../shared/reconcile/reconcile.ts');
    reset();
    await reconcile({
      now: new Date(Date.now() + 120_000),
      deadline: Date.now() + 30_000,
      maxPendingSeconds: 3600,
    });
    await quiet();
    const busy = snapshot(
      `reconciler pass (${K} due)`,
      'per pass; each due payment adds one FeexPay status read and one reschedule write',
    );
    flows.push(busy);

    // A checkout paid: the merchant's server creates it, the customer loads the page, pays, and the
    // page polls the public view; FeexPay's webhook then settles the attempt and the checkout.
    const checkout = await measureCheckout({
      stack,
      reset,
      quiet,
      snapshot,
      merchantGot,
      ddb,
      order: pay,
    });
    flows.push(...checkout.flows);

    // A refund: the merchant's server refunds a paid payment in full, FeexPay's payout webhook
    // then settles it (confirmed by a status read) and the merchant gets refund.succeeded.
    const refund = await measureRefund({
      stack,
      reset,
      quiet,
      snapshot,
      merchantGot,
      ddb,
      order: pay,
      customer: (body) => call('POST', 'initiate', body, randomUUID()),
    });
    flows.push(...refund.flows);

    SecretsManagerClient.prototype.send = originalSend;
    return {
      flows,
      itemBytes: {
        payment: itemSize(settledItem.Item ?? {}),
        paymentInitiated: initiatedBytes,
        webhookEvent: itemSize(webhookItem.Item ?? {}),
        checkout: checkout.itemBytes,
        refund: refund.itemBytes,
      },
      paymentAttributes: itemSizeByAttribute(settledItem.Item ?? {}),
    };
  } finally {
    await stack.stop();
  }
}

interface CheckoutBench {
  stack: Awaited<ReturnType<typeof startBenchStack>>;
  reset: () => void;
  quiet: (quietMs?: number) => Promise<void>;
  snapshot: (flow: string, note?: string) => FlowCount;
  merchantGot: (webhookId: string) => true | undefined;
  ddb: typeof import('../shared/clients/dynamodb.ts').ddb;
  /** The same order as the payment flows (a realistic one unless BENCH_ORDER=minimal). */
  order: (ending: string) => Record<string, unknown>;
}

/** The checkout flows, each counted alone; the order is the payment flows' own, as a checkout. */
async function measureCheckout(bench: CheckoutBench): Promise<{
  flows: FlowCount[];
  itemBytes: number;
}> {
  const { stack, reset, quiet, snapshot, merchantGot } = bench;
  const merchant = await stack.issuer.sign('bench-shop', {
    claims: { scope: stack.settings.merchantScope },
  });
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${stack.apiUrl}/${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json', 'idempotency-key': randomUUID() } : {}),
        'accept-encoding': 'br, gzip',
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : {} };
  };
  const checkoutOf = (ending: string) => {
    const { amount, currency, network, phoneNumber, description, firstName, lastName, email } =
      bench.order(ending) as Record<string, string | number | undefined>;
    const metadata = (bench.order(ending) as { metadata?: unknown }).metadata;
    return {
      create: {
        amount,
        currency,
        orderId: `order-${randomUUID().slice(0, 8)}`,
        networks: [network],
        ...(description ? { description } : {}),
        ...(firstName ? { customer: { firstName, lastName, email, phoneNumber } } : {}),
        ...(metadata ? { metadata, returnUrl: 'https://shop.example.com/orders/10042' } : {}),
      },
      pay: { network, phoneNumber },
    };
  };
  const paid = (id: string) => merchantGot(`evt_${id}_completed`);

  // Warm-up (not counted): every checkout handler loaded, one checkout paid.
  const warm = checkoutOf('00');
  const warmed = await call('POST', 'checkouts', warm.create, merchant);
  await call('GET', `pay/${warmed.body.id}`);
  await call('POST', `checkouts/${warmed.body.id}/pay`, warm.pay);
  await call('GET', `checkouts/${warmed.body.id}/public`);
  await waitFor(() => paid(String(warmed.body.id)), 'warm-up checkout.completed');
  await call('GET', `checkouts/${warmed.body.id}`, undefined, merchant);
  await quiet();

  const flows: FlowCount[] = [];
  const order = checkoutOf('02');
  reset();
  const created = await call('POST', 'checkouts', order.create, merchant);
  const id = String(created.body.id);
  await quiet();
  flows.push(snapshot('checkout create', 'one transaction: request record, checkout, order'));

  reset();
  await call('GET', `pay/${id}`);
  await quiet();
  flows.push(snapshot('checkout page', 'rate limits + the checkout (no attempt yet)'));

  reset();
  const attempt = await call('POST', `checkouts/${id}/pay`, order.pay);
  const paymentId = String(attempt.body.id);
  await quiet();
  flows.push(snapshot('checkout pay', 'rate limits + checkout read and claim + initiate’s writes'));

  reset();
  await call('GET', `checkouts/${id}/public`);
  await quiet();
  flows.push(snapshot('checkout public (PENDING)', 'a poll: rate limits, checkout, attempt'));

  const stored = await bench.ddb.send(
    new GetCommand({
      TableName: stack.settings.tableName,
      Key: paymentKey(paymentId),
      ConsistentRead: true,
    }),
  );
  const reference = String(stored.Item?.reference);
  stack.simulator?.settle(reference, 'SUCCESSFUL');
  reset();
  const hook = await fetch(
    `${stack.apiUrl}/webhook/?token=${encodeURIComponent(stack.settings.feexPayWebhookToken)}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference, status: 'SUCCESSFUL', callback_info: paymentId }),
    },
  );
  if (hook.status !== 200) throw new Error(`bench: checkout webhook answered ${hook.status}`);
  await waitFor(() => paid(id), 'checkout.completed');
  await quiet();
  flows.push(
    snapshot(
      'checkout webhook to notifications',
      'receiver + processor + the checkout PAID + two notifications (payment.succeeded, checkout.completed)',
    ),
  );

  reset();
  await call('GET', `checkouts/${id}/public`);
  await quiet();
  flows.push(snapshot('checkout public (PAID)', 'the last poll'));

  const item = await bench.ddb.send(
    new GetCommand({
      TableName: stack.settings.tableName,
      Key: checkoutKey(id),
      ConsistentRead: true,
    }),
  );
  return { flows, itemBytes: itemSize(item.Item ?? {}) };
}

/**
 * The refund flows, each counted alone: the refund request (record, reservation on the payment,
 * FeexPay's payout call), then FeexPay's payout webhook to the merchant's `refund.succeeded`. The
 * payer's number ends in 53: the simulator pays the refund out but sends no webhook by itself, so
 * the bench posts it when it chooses and each flow is counted apart.
 */
async function measureRefund(
  bench: CheckoutBench & {
    customer: (body: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;
  },
): Promise<{ flows: FlowCount[]; itemBytes: number }> {
  const { stack, reset, quiet, snapshot, merchantGot } = bench;
  const merchant = await stack.issuer.sign('bench-shop', {
    claims: { scope: stack.settings.merchantScope },
  });
  const refund = async (paymentId: string) => {
    const res = await fetch(`${stack.apiUrl}/payments/${paymentId}/refunds`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${merchant}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ reason: 'Commande 10042 annulée' }),
    });
    if (res.status !== 201) throw new Error(`bench: refund answered ${res.status}`);
    return String(((await res.json()) as { id: string }).id);
  };
  const paidPayment = async (ending: string) => {
    const created = await bench.customer(bench.order(ending));
    const id = String(created.body.id);
    await waitFor(() => merchantGot(`evt_${id}_succeeded`), 'payment.succeeded before a refund');
    return id;
  };

  // Warm-up (not counted): the refund handlers loaded, one refund settled by its webhook.
  const warmRefund = await refund(await paidPayment('00'));
  await waitFor(() => merchantGot(`evt_${warmRefund}_succeeded`), 'warm-up refund.succeeded');
  await quiet();

  const flows: FlowCount[] = [];
  const paymentId = await paidPayment('53');
  await quiet();
  reset();
  const refundId = await refund(paymentId);
  await quiet();
  flows.push(
    snapshot(
      'refund create',
      'the key checked, the payment read, one transaction (refund + reservation), FeexPay called once, its reference recorded',
    ),
  );

  const payout = await waitFor(
    () =>
      stack.simulator
        ?.payouts()
        .find((p) => p.callbackInfo === refundId && p.status === 'SUCCESSFUL'),
    'the simulated payout paid',
  );
  reset();
  const hook = await fetch(
    `${stack.apiUrl}/webhook/?token=${encodeURIComponent(stack.settings.feexPayWebhookToken)}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(webhookBody(payout)),
    },
  );
  if (hook.status !== 200) throw new Error(`bench: payout webhook answered ${hook.status}`);
  await waitFor(() => merchantGot(`evt_${refundId}_succeeded`), 'refund.succeeded');
  await quiet();
  flows.push(
    snapshot(
      'refund webhook to notification',
      'receiver + processor + the refund SUCCESSFUL (and its payment’s amountRefunded) + refund.succeeded',
    ),
  );

  const item = await bench.ddb.send(
    new GetCommand({
      TableName: stack.settings.tableName,
      Key: payoutKey(refundId),
      ConsistentRead: true,
    }),
  );
  return { flows, itemBytes: itemSize(item.Item ?? {}) };
}

if (import.meta.main) {
  const report = await measureRequests();
  const out = process.argv[2];
  if (out) writeFileSync(out, JSON.stringify(report, null, 2));
  else console.error(JSON.stringify(report, null, 2));
  process.exit(0);
}
