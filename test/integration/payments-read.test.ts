/**
 * GET {id}/status/ and GET history/ against DynamoDB Local and the FeexPay simulator: owner
 * isolation, the PENDING refresh through the transition function, request counts, cursors, and
 * the per-user rate limit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as payments from '../../shared/payments/store.ts';
import { clearRateLimitLeases, leaseSize } from '../../shared/rate-limit.ts';
import {
  eventually,
  mtnBody,
  type PaymentsHarness,
  startPaymentsHarness,
} from './payments-harness.ts';

let h: PaymentsHarness;
let n = 0;
const key = () => `read-${Date.now()}-${++n}`;
const RATE_LIMIT = 60;
/** PAYMENT_STATUS_REFRESH_SECONDS, short so the refresh test waits one second, not five. */
const REFRESH_SECONDS = 1;

beforeAll(async () => {
  h = await startPaymentsHarness({
    rateLimitPerMinute: RATE_LIMIT,
    statusRefreshSeconds: REFRESH_SECONDS,
  });
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(() => {
  h.dynamoRequests.reset();
});

describe('GET {id}/status/', () => {
  it('ending 00: becomes SUCCESSFUL through the status refresh; a settled read is 1 GetItem', async () => {
    const created = await h.initiate('owner-1', mtnBody('00'), key());
    const id = String(created.body.id);
    const settled = await eventually(
      async () => {
        const res = await h.status('owner-1', id);
        return res.body.status === 'SUCCESSFUL' ? res : undefined;
        // Polled gently: every read counts against the rate limit.
      },
      20_000,
      500,
    );
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ id, amount: 1500, phoneNumber: '229******0000' });
    expect(settled.body).not.toHaveProperty('ownerId');

    // The transition queued the merchant notification.
    const message = await eventually(async () =>
      (await h.notifications()).find((m) => (m.data as { id: string }).id === id),
    );
    expect(message).toMatchObject({ type: 'payment.succeeded', webhookId: `evt_${id}_succeeded` });

    // A fresh lease: this read pays the limiter's write (one per lease of leaseSize() requests)...
    clearRateLimitLeases();
    h.dynamoRequests.reset();
    await h.status('owner-1', id);
    expect(h.dynamoRequests.counts()).toEqual({ GetItem: 1, UpdateItem: 1 });
    // ...and the next ones, within the lease, are one eventually consistent GetItem each.
    for (let i = 1; i < leaseSize(); i++) {
      h.dynamoRequests.reset();
      expect((await h.status('owner-1', id)).status).toBe(200);
      expect(h.dynamoRequests.counts()).toEqual({ GetItem: 1 });
    }
  });

  it('ending 01: becomes FAILED with a reason', async () => {
    const created = await h.initiate('owner-1', mtnBody('01'), key());
    const failed = await eventually(
      async () => {
        const res = await h.status('owner-1', String(created.body.id));
        return res.body.status === 'FAILED' ? res : undefined;
        // Polled gently: every read counts against the rate limit.
      },
      20_000,
      500,
    );
    expect(failed.body.failureReason).toBeTruthy();
  });

  it('another user (or an unknown id) gets the same 404', async () => {
    const created = await h.initiate('owner-1', mtnBody('02'), key());
    const foreign = await h.status('intruder', String(created.body.id));
    const missing = await h.status('intruder', 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body.code).toBe(missing.body.code);
  });

  it('a PENDING payment refreshes at most once at a time: concurrent reads make one FeexPay status call', async () => {
    const created = await h.initiate('owner-2', mtnBody('02'), key());
    const id = String(created.body.id);
    // Wait until FeexPay was last asked (at initiation) longer ago than the refresh interval.
    await eventually(async () => {
      const stored = await payments.get(id, { consistent: true });
      const last = Date.parse(stored?.lastCheckedAt ?? '');
      return Date.now() - last > REFRESH_SECONDS * 1000 ? true : undefined;
    });
    const before = h.simulator.stats().statusReads;
    const answers = await Promise.all(Array.from({ length: 5 }, () => h.status('owner-2', id)));
    expect(answers.every((a) => a.status === 200 && a.body.status === 'PENDING')).toBe(true);
    expect(h.simulator.stats().statusReads - before).toBe(1);
  });
});

describe('GET history/', () => {
  it('lists only the caller’s payments, newest first, with working cursors and a status filter', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h.initiate('hist-a', mtnBody(i === 2 ? '06' : '02'), key());
      ids.push(String(res.body.id));
    }
    await h.initiate('hist-b', mtnBody('02'), key());

    h.dynamoRequests.reset();
    const page1 = await h.history('hist-a', { limit: '2' });
    expect(h.dynamoRequests.counts()).toEqual({ Query: 1, UpdateItem: 1 });
    expect(page1.status).toBe(200);
    const items1 = page1.body.items as Array<{ id: string }>;
    expect(items1.map((p) => p.id)).toEqual([ids[4], ids[3]]);
    expect(typeof page1.body.nextCursor).toBe('string');

    const all: string[] = items1.map((p) => p.id);
    let cursor = page1.body.nextCursor as string | null;
    while (cursor) {
      const page = await h.history('hist-a', { limit: '2', cursor });
      all.push(...(page.body.items as Array<{ id: string }>).map((p) => p.id));
      cursor = page.body.nextCursor as string | null;
    }
    expect(all).toEqual([...ids].reverse());

    const failedOnly = await h.history('hist-a', { status: 'FAILED' });
    expect((failedOnly.body.items as Array<{ id: string }>).map((p) => p.id)).toEqual([ids[2]]);

    const b = await h.history('hist-b');
    expect((b.body.items as Array<{ id: string }>).every((p) => !ids.includes(p.id))).toBe(true);

    // A's cursor is useless (400) for B, as is garbage.
    const foreign = await h.history('hist-b', { cursor: page1.body.nextCursor as string });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
    const garbage = await h.history('hist-a', { cursor: 'not-a-cursor!' });
    expect(garbage.status).toBe(400);
  });

  it('a forged cursor whose keys are not the shapes our items have is a 400 naming query.cursor, never a DynamoDB error', async () => {
    const cursorOf = (key: Record<string, string>) =>
      Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
    const id = 'pay_abcdefghijklmnopqrstuvwxyz';
    const at = '2026-01-01T00:00:00.000Z';
    const valid = {
      pk: `PAYMENT#${id}`,
      sk: 'PAYMENT',
      gsi1pk: 'OWNER#hist-a',
      gsi1sk: `${at}#${id}`,
    };
    const forged: Array<Record<string, string>> = [
      // Over DynamoDB's 1,024-byte sort-key limit, yet "ending in #<id>".
      { ...valid, gsi1sk: `${'x'.repeat(1100)}#${id}` },
      // A partition key that is no payment id of ours.
      { ...valid, pk: `PAYMENT#pay_${'a'.repeat(500)}`, gsi1sk: `${at}#pay_${'a'.repeat(500)}` },
      { ...valid, pk: 'PAYMENT#x', gsi1sk: `${at}#x` },
      // Not an ISO time before the id.
      { ...valid, gsi1sk: `yesterday#${id}` },
      { ...valid, gsi1sk: `#${id}` },
    ];
    for (const key of forged) {
      const cursor = cursorOf(key);
      expect(cursor.length).toBeLessThanOrEqual(2048);
      const res = await h.history('hist-a', { cursor });
      expect(res.status, JSON.stringify(key).slice(0, 80)).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
    }
    // The well-formed one is accepted (an empty page: no such payment).
    const ok = await h.history('hist-a', { cursor: cursorOf(valid) });
    expect(ok.status).toBe(200);
  });

  it('rejects a bad limit or status naming the field', async () => {
    const queries: Record<string, string>[] = [
      { limit: '0' },
      { limit: '101' },
      { limit: 'ten' },
      { status: 'DONE' },
    ];
    for (const query of queries) {
      const res = await h.history('hist-a', query);
      expect(res.status).toBe(400);
      expect(String((res.body.errors as Array<{ field: string }>)[0]?.field)).toMatch(/^query\./);
    }
  });
});

describe('rate limit', () => {
  it(`answers 429 with Retry-After once a user passes ${RATE_LIMIT} requests a minute; other users are unaffected`, async () => {
    // One burst of RATE_LIMIT + 1 requests at once, so that a slow, shared machine cannot stretch
    // them over more than one window; if the window rolled over mid-burst, one more burst.
    const burst = () =>
      Promise.all(Array.from({ length: RATE_LIMIT + 1 }, () => h.history('greedy')));
    const answers = await burst();
    if (!answers.some((a) => a.status === 429)) answers.push(...(await burst()));
    const last = answers.find((a) => a.status === 429);
    expect(last).toBeDefined();
    expect(last?.headers['content-type']).toBe('application/problem+json');
    const retryAfter = Number(last?.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await h.history('modest')).status).toBe(200);
  });
});
