/**
 * The service-level half of the restore drill (`npm run restore-drill`, docs/deploy.md, "Restore
 * drill"): `seedPayments` fills a table with payments in every state the service knows, through a
 * local stack and its real API, the FeexPay simulator, the queues and the reconciler;
 * `restoreAndCheck` starts a fresh local stack on a new table, loads an export into it, and checks
 * that every item, index entry and payment came back and that the service answers for each.
 *
 * Each starts a local stack, and a process runs one (its handlers read their settings when they
 * load), so each runs in a process of its own (`scripts/restore-drill.ts` spawns them).
 */
import { randomUUID } from 'node:crypto';
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { consumers } from '../lib/routes.ts';
import { type DueWork, dueWorkPk, paymentKey, shardOf } from '../shared/keys.ts';
import { type LambdaHandler, resolveHandler } from './lambda.ts';
import {
  checkTable,
  dynamoDb,
  type Item,
  isPayment,
  type TableCheck,
  writeItems,
} from './restore.ts';
import { type LocalStack, startLocalStack } from './stack.ts';

/** Seconds a PENDING payment waits before the drill's reconciler may expire it. */
const MAX_PENDING_SECONDS = 2;

/** The local stack's settings for the drill: quiet, on `table` at `endpoint`, free ports. */
function drillSettings(table: string) {
  return {
    port: 0,
    simulatorPort: 0,
    sqsPort: 0,
    tableName: table,
    stateDir: `${process.env.LOCAL_STATE_DIR ?? '.local'}/restore-drill`,
    logLevel: 'ERROR',
  };
}

/** Polls `read` until `done` holds for its value; fails after `timeoutMs` naming `what`. */
async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Restore drill: ${what} did not happen in time (last seen: ${JSON.stringify(value)})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Api {
  call(method: string, path: string, sub: string, body?: unknown): Promise<Response>;
}

function apiOf(stack: LocalStack): Api {
  return {
    async call(method, path, sub, body) {
      const token = await stack.issuer.sign(sub);
      return fetch(`${stack.apiUrl}/${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'idempotency-key': randomUUID(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
  };
}

/** The payments the drill creates, by what they show. */
export interface SeededPayments {
  /** Approved, notified: nothing left to do. */
  succeeded: string;
  /** Declined by the customer, notified. */
  declined: string;
  /** Refused at once by FeexPay (insufficient funds). */
  refused: string;
  /** FeexPay unavailable at initiation (FAILED, ours), then retried: the link both ways. */
  retriedOriginal: string;
  /** The retry, approved. */
  retry: string;
  /** Never answered, expired by the reconciler: on the late-success watch (`recheck`). */
  expired: string;
  /** Expired, then confirmed by FeexPay: a late success. */
  lateSuccess: string;
  /** Approved, its notification not yet taken over by the notifier: the `outbox`. */
  outbox: string;
  /** Not answered yet: the reconciler's pending `check`. */
  pending: string;
}

/**
 * Creates payments in every state on a local stack using the DynamoDB at `endpoint` (the table
 * `table` is created), and stops the stack once each has reached its state.
 */
export async function seedPayments(endpoint: string, table: string): Promise<SeededPayments> {
  // The notifier, with a switch: while held, it hands every batch back to the queue, as a
  // notifier that has not run yet would, so a payment settled then keeps its outbox.
  let holdNotifications = false;
  const notifierRow = consumers.find((c) => c.queue === 'notification');
  if (!notifierRow) throw new Error('lib/routes.ts has no notification consumer');
  let notifier: LambdaHandler | undefined;
  const gatedNotifier: LambdaHandler = async (event, context) => {
    if (holdNotifications) {
      const records = (event as { Records: { messageId: string }[] }).Records;
      return { batchItemFailures: records.map((r) => ({ itemIdentifier: r.messageId })) };
    }
    notifier ??= await resolveHandler(notifierRow);
    return notifier(event, context);
  };

  const stack = await startLocalStack({
    dynamoDbEndpoint: endpoint,
    queuePrefix: `drill-${randomUUID().slice(0, 8)}-`,
    visibilityTimeoutSeconds: 2,
    consumers: consumers.map((c) =>
      c.queue === 'notification' ? { ...c, entry: undefined, handler: gatedNotifier } : c,
    ),
    settings: {
      ...drillSettings(table),
      simulatorDelayMs: 100,
      // Expiry within seconds and a first check at once, so the reconciler can expire payments
      // during the drill; it runs only when the drill asks (the hour is never reached).
      paymentMaxPendingSeconds: MAX_PENDING_SECONDS,
      paymentFirstCheckDelaySeconds: 0,
      reconcileIntervalSeconds: 3600,
      rateLimitPerMinute: 1000,
    },
    log: () => {},
  });
  const db = dynamoDb(endpoint);
  try {
    const api = apiOf(stack);
    const payment = (id: string) => readPayment(db, table, id);
    /** Whether the payment's due-work entry is of `kind` (shared/keys.ts). */
    const due = (p: Item | undefined, kind: DueWork) =>
      p?.id?.S !== undefined && p.gsi3pk?.S === dueWorkPk(kind, shardOf(p.id.S));
    const initiate = async (sub: string, ending: string): Promise<string> => {
      const res = await api.call('POST', 'initiate/', sub, {
        amount: 2500,
        currency: 'XOF',
        network: 'mtn',
        phoneNumber: `22901970000${ending}`,
        description: 'Restore drill',
      });
      const body = (await res.json()) as { id?: string; detail?: string };
      const id = body.id ?? /pay_[a-z2-7]+/.exec(String(body.detail))?.[0];
      if (!id) throw new Error(`Restore drill: initiate answered ${res.status} without a payment`);
      return id;
    };
    /** A settled payment whose notification the notifier took over: no due work left. */
    const settled = (id: string, status: string) =>
      until(
        `${id} ${status} and notified`,
        () => payment(id),
        (p) => {
          return p?.status?.S === status && !p.gsi3pk && !p.outbox;
        },
      );

    const succeeded = await initiate('drill-ama', '00');
    const declined = await initiate('drill-ama', '01');
    const refused = await initiate('drill-kofi', '06');
    stack.simulator?.injectFault({ target: 'requestToPay', kind: 'http503', times: 1 });
    const retriedOriginal = await initiate('drill-kofi', '00');
    const expired = await initiate('drill-ama', '02');
    const lateSuccess = await initiate('drill-kofi', '02');
    await settled(succeeded, 'SUCCESSFUL');
    await settled(declined, 'FAILED');
    await settled(refused, 'FAILED');
    await settled(retriedOriginal, 'FAILED');
    const retried = await api.call('POST', `retry/${retriedOriginal}/`, 'drill-kofi', {});
    const retry = ((await retried.json()) as { id: string }).id;
    await settled(retry, 'SUCCESSFUL');

    // The reconciler expires the unanswered ones once they are past their maximum age (its run
    // before that would only put their next check off), and each expiry's notification puts the
    // payment on the late-success watch. Their age is time passing: nothing to await but the clock.
    const youngest = Date.parse((await payment(lateSuccess))?.createdAt?.S ?? '');
    const pastMaxAge = youngest + (MAX_PENDING_SECONDS + 1) * 1000 - Date.now();
    if (pastMaxAge > 0) await new Promise((resolve) => setTimeout(resolve, pastMaxAge));
    await until(
      'the expiry of the unanswered payments',
      async () => {
        await stack.runSchedule('PaymentsReconcile');
        return [await payment(expired), await payment(lateSuccess)];
      },
      (ps) => ps.every((p) => due(p, 'recheck')),
    );
    // FeexPay confirms one of them after all.
    const reference = (await payment(lateSuccess))?.reference?.S;
    if (!reference || !stack.simulator?.settle(reference, 'SUCCESSFUL')) {
      throw new Error('Restore drill: the simulator could not settle the late success');
    }
    await until(
      `${lateSuccess} late success`,
      () => payment(lateSuccess),
      (p) => {
        return p?.status?.S === 'SUCCESSFUL' && p.lateSuccess?.BOOL === true && !p.gsi3pk;
      },
    );

    // From here the notifier is held: a payment settled now keeps its outbox.
    holdNotifications = true;
    const outbox = await initiate('drill-ama', '00');
    await until(
      `${outbox} SUCCESSFUL with its outbox`,
      () => payment(outbox),
      (p) => {
        return p?.status?.S === 'SUCCESSFUL' && due(p, 'outbox');
      },
    );
    // Last, so no reconciler run expires it: PENDING, with its reference and its pending check.
    const pending = await initiate('drill-kofi', '02');
    await until(
      `${pending} PENDING with its reference`,
      () => payment(pending),
      (p) => {
        return p?.reference?.S !== undefined && due(p, 'check');
      },
    );
    return {
      succeeded,
      declined,
      refused,
      retriedOriginal,
      retry,
      expired,
      lateSuccess,
      outbox,
      pending,
    };
  } finally {
    db.destroy();
    await stack.stop();
  }
}

async function readPayment(
  db: DynamoDBClient,
  table: string,
  id: string,
): Promise<Item | undefined> {
  const result = await db.send(
    new GetItemCommand({
      TableName: table,
      Key: { pk: { S: paymentKey(id).pk }, sk: { S: paymentKey(id).sk } },
      ConsistentRead: true,
    }),
  );
  return result.Item;
}

/** What a fresh stack restored from an export holds and answers. */
export interface RestoreCheck {
  table: TableCheck;
  service: {
    /** Payments the API was asked about. */
    payments: number;
    /** One line per payment the API did not answer as the export says. */
    problems: string[];
  };
}

/**
 * Starts a fresh local stack on a new table `table`, loads the export into it, and checks it:
 * first the table (every item back, every index entry found: `checkTable`), then the API, as each
 * payment's owner: each user's history lists exactly their payments with their status and amount,
 * and each settled payment's status route answers the same. (A PENDING payment's status read
 * would ask FeexPay, and this simulator knows none of the old transactions.)
 */
export async function restoreAndCheck(
  endpoint: string,
  table: string,
  items: readonly Item[],
): Promise<RestoreCheck> {
  const stack = await startLocalStack({
    dynamoDbEndpoint: endpoint,
    queuePrefix: `drill-${randomUUID().slice(0, 8)}-`,
    consumers: [],
    schedules: [],
    settings: { ...drillSettings(table), rateLimitPerMinute: 1000 },
    log: () => {},
  });
  const db = dynamoDb(endpoint);
  const problems: string[] = [];
  const payments = items.filter(isPayment);
  try {
    await writeItems(db, table, items);
    // The table first: the API's rate limiter writes items of its own.
    const tableCheck = await checkTable(db, table, items);
    const api = apiOf(stack);
    const owners = new Map<string, Item[]>();
    for (const p of payments) {
      const owner = p.ownerId?.S ?? '?';
      owners.set(owner, [...(owners.get(owner) ?? []), p]);
    }
    for (const [owner, own] of owners) {
      const listed = new Map<string, { status: string; amount: number }>();
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const res = await api.call('GET', `history/?limit=100${query}`, owner);
        if (res.status !== 200) {
          problems.push(`history of ${owner}: HTTP ${res.status}`);
          break;
        }
        const page = (await res.json()) as {
          items: { id: string; status: string; amount: number }[];
          nextCursor: string | null;
        };
        for (const p of page.items) listed.set(p.id, p);
        cursor = page.nextCursor;
      } while (cursor);
      for (const p of own) {
        const id = p.id?.S ?? '?';
        const expected = { status: p.status?.S, amount: Number(p.amount?.N) };
        const got = listed.get(id);
        if (!got) problems.push(`${id}: missing from ${owner}'s history`);
        else if (got.status !== expected.status || got.amount !== expected.amount) {
          problems.push(`${id}: history says ${got.status} ${got.amount}`);
        }
        listed.delete(id);
        if (expected.status === 'PENDING') continue;
        const res = await api.call('GET', `${id}/status/`, owner);
        const body = (await res.json()) as { status?: string };
        if (res.status !== 200 || body.status !== expected.status) {
          problems.push(`${id}: status route answered ${res.status} ${body.status}`);
        }
      }
      for (const id of listed.keys()) problems.push(`${id}: in ${owner}'s history, not exported`);
    }
    return { table: tableCheck, service: { payments: payments.length, problems } };
  } finally {
    db.destroy();
    await stack.stop();
  }
}
