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
import { paymentKey } from '../shared/keys.ts';
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

    SecretsManagerClient.prototype.send = originalSend;
    return {
      flows,
      itemBytes: {
        payment: itemSize(settledItem.Item ?? {}),
        paymentInitiated: initiatedBytes,
        webhookEvent: itemSize(webhookItem.Item ?? {}),
      },
      paymentAttributes: itemSizeByAttribute(settledItem.Item ?? {}),
    };
  } finally {
    await stack.stop();
  }
}

if (import.meta.main) {
  const report = await measureRequests();
  const out = process.argv[2];
  if (out) writeFileSync(out, JSON.stringify(report, null, 2));
  else console.error(JSON.stringify(report, null, 2));
  process.exit(0);
}
