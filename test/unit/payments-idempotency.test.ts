/**
 * Idempotency branches, history cursors and the rate limiter, as the caller sees them.
 */
import { createHash } from 'node:crypto';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { overrideConfig } from '../../shared/config.ts';
import {
  ConflictError,
  RateLimitedError,
  UnprocessableError,
  ValidationError,
} from '../../shared/errors.ts';
import * as history from '../../shared/payments/history.ts';
import * as idem from '../../shared/payments/idempotency.ts';
import type { Payment } from '../../shared/payments/model.ts';
import * as rate from '../../shared/rate-limit.ts';

overrideConfig({ rateLimitPerMinute: 3 });

const ddbMock = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddbMock.reset());

const now = new Date('2026-03-01T12:00:30.000Z');
function existing(overrides: Partial<Payment> = {}): Payment {
  return {
    id: 'pay_x',
    ownerId: 'u1',
    status: 'PENDING',
    amount: 1500,
    currency: 'XOF',
    network: 'mtn',
    phoneNumber: '2290166000000',
    createdAt: '2026-03-01T12:00:20.000Z',
    updatedAt: '2026-03-01T12:00:20.000Z',
    events: [],
    requestHash: 'h1',
    ...overrides,
  };
}

describe('idempotency', () => {
  it('derives one stable, opaque id per (user, key)', () => {
    expect(idem.paymentIdFor('u1', 'k')).toBe(idem.paymentIdFor('u1', 'k'));
    expect(idem.paymentIdFor('u1', 'k')).not.toBe(idem.paymentIdFor('u2', 'k'));
    expect(idem.paymentIdFor('u1', 'k')).toMatch(/^pay_[a-z2-7]{26}$/);
  });

  it('hashes the same body the same whatever the key order, and per route', () => {
    expect(idem.requestHashOf('initiate', { a: 1, b: 2 })).toBe(
      idem.requestHashOf('initiate', { b: 2, a: 1 }),
    );
    expect(idem.requestHashOf('initiate', { a: 1 })).not.toBe(
      idem.requestHashOf('retry', { a: 1 }),
    );
  });

  it('stores a short hash (128 bits, base64url) and still recognises the full hex sha256 of older items', async () => {
    const short = idem.requestHashOf('initiate', { a: 1 });
    expect(short).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const legacy = createHash('sha256')
      .update(`initiate\n${idem.canonicalJson({ a: 1 })}`)
      .digest('hex');
    expect(idem.sameRequest(short, short)).toBe(true);
    expect(idem.sameRequest(legacy, short)).toBe(true);
    expect(idem.sameRequest(legacy, idem.requestHashOf('initiate', { a: 2 }))).toBe(false);
    expect(idem.sameRequest(undefined, short)).toBe(false);
    // An item stored with the legacy hash replays for the same body and refuses another.
    const older = existing({ requestHash: legacy, response: { status: 201, body: { id: 'x' } } });
    expect(idem.answerForExisting(older, short, now).status).toBe(201);
    expect(() =>
      idem.answerForExisting(older, idem.requestHashOf('initiate', { a: 2 }), now),
    ).toThrow(UnprocessableError);
  });

  it('another body → 422; stored answer → replay; in flight → 409 with Retry-After; lease gone → current state', () => {
    expect(() => idem.answerForExisting(existing(), 'h2', now)).toThrow(UnprocessableError);
    const replay = idem.answerForExisting(
      existing({ response: { status: 201, body: { id: 'pay_x' } } }),
      'h1',
      now,
    );
    expect(replay).toEqual({
      status: 201,
      body: { id: 'pay_x' },
      headers: { 'idempotent-replayed': 'true' },
    });
    try {
      idem.answerForExisting(existing(), 'h1', now);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).headers['retry-after']).toBe('25');
    }
    const late = idem.answerForExisting(
      existing({ createdAt: '2026-03-01T11:00:00.000Z' }),
      'h1',
      now,
    );
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({
      id: 'pay_x',
      status: 'PENDING',
      phoneNumber: '229******0000',
    });
  });
});

describe('history cursors', () => {
  // Keys as our items have them: a payment id is `pay_` + 26 base32 characters.
  const id = 'pay_abcdefghijklmnopqrstuvwxyz';
  const key = {
    pk: `PAYMENT#${id}`,
    sk: 'PAYMENT',
    gsi1pk: 'OWNER#u1',
    gsi1sk: `2026-03-01T00:00:00.000Z#${id}`,
  };

  it('round-trips for its owner only', () => {
    const cursor = history.encodeCursor(key);
    expect(history.decodeCursor(cursor, 'u1')).toEqual(key);
    expect(() => history.decodeCursor(cursor, 'u2')).toThrow(ValidationError);
  });

  it.each([
    ['not base64url', '!!!'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['an array', Buffer.from('[]').toString('base64url')],
    ['extra keys', Buffer.from(JSON.stringify({ ...key, x: 1 })).toString('base64url')],
    [
      'a foreign item',
      Buffer.from(JSON.stringify({ ...key, pk: 'RATE#u1#1' })).toString('base64url'),
    ],
    [
      'a sort key over DynamoDB’s limit',
      Buffer.from(JSON.stringify({ ...key, gsi1sk: `${'9'.repeat(1100)}#${id}` })).toString(
        'base64url',
      ),
    ],
    [
      'an id that is not ours',
      Buffer.from(
        JSON.stringify({ ...key, pk: 'PAYMENT#pay_a', gsi1sk: `${key.gsi1sk}#pay_a` }),
      ).toString('base64url'),
    ],
  ])('rejects %s naming query.cursor', (_name, cursor) => {
    try {
      history.decodeCursor(cursor, 'u1');
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).fields?.[0]?.field).toBe('query.cursor');
    }
  });
});

describe('rate limit', () => {
  it('leases tokens from a per-user, per-minute counter: one ADD per lease, 429 with the seconds left once spent', async () => {
    rate.clearRateLimitLeases();
    // RATE_LIMIT_PER_MINUTE is 3 in this file, so one lease holds all 3 tokens.
    ddbMock.on(UpdateCommand).resolves({ Attributes: { count: 3 } });
    for (let i = 0; i < 3; i++) await rate.enforceRateLimit('u1', now);
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(1);
    const input = ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.Key).toEqual({ pk: `RATE#u1#${Math.floor(now.getTime() / 60_000)}`, sk: 'RATE' });
    expect(input?.UpdateExpression).toContain('ADD #count :lease');
    expect(input?.ExpressionAttributeValues?.[':lease']).toBe(3);

    // The fourth request needs a new lease; the counter says the window is spent.
    ddbMock.on(UpdateCommand).resolves({ Attributes: { count: 6 } });
    const refused = await rate.enforceRateLimit('u1', now).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).headers['retry-after']).toBe('30');
  });

  it('grants only what is left of the window when another environment took the rest', async () => {
    rate.clearRateLimitLeases();
    // Another environment already spent 2 of the 3 tokens: this lease gets 1.
    ddbMock.on(UpdateCommand).resolves({ Attributes: { count: 5 } });
    await rate.enforceRateLimit('u2', now);
    ddbMock.on(UpdateCommand).resolves({ Attributes: { count: 8 } });
    await expect(rate.enforceRateLimit('u2', now)).rejects.toBeInstanceOf(RateLimitedError);
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(2);
  });
});
