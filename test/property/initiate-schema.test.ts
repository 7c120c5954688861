/**
 * Property tests of the initiate request's validation (shared/payments/schemas.ts): the zod schema
 * plus the catalog checks, exactly as the initiate route runs them. Whatever JSON a caller sends,
 * validation answers "accepted" or a ValidationError naming each offending field; it never throws
 * anything else (which the adapter would turn into a 500). Every accepted body fits the catalog.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors.ts';
import { inLanguage } from '../../shared/http/language.ts';
import { fieldIssues, requireIdempotencyKey } from '../../shared/http/request.ts';
import {
  historyQuerySchema,
  initiateBodySchema,
  orderIssues,
  paymentIdParamsSchema,
  retryBodySchema,
  type ValidatedOrder,
  validateOrder,
} from '../../shared/payments/schemas.ts';
import { countriesOf, networks, normalizePhone, phoneProblem } from '../../shared/providers.ts';

/** Bounded so `npm test` stays quick; FC_RUNS raises it for a longer local run. */
const RUNS = Number(process.env.FC_RUNS ?? 400);

type Outcome =
  | { ok: true; order: ValidatedOrder }
  | { ok: false; fields: string[]; messages: string[] };

/**
 * What the route does with a parsed JSON body: schema, then catalog checks; when the schema refuses
 * the body, the catalog checks still name the fields they refuse (the contract's `bodyChecks`).
 */
function validate(body: unknown): Outcome {
  const parsed = initiateBodySchema.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const schemaIssues = fieldIssues(parsed.error);
    const named = new Set(schemaIssues.map((f) => f.field));
    const more =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? orderIssues(body as Record<string, unknown>).filter((f) => !named.has(f.field))
        : [];
    const issues = [...schemaIssues, ...more];
    return {
      ok: false,
      fields: issues.map((f) => f.field),
      messages: issues.map((f) => inLanguage(f.message, 'en')),
    };
  }
  try {
    return { ok: true, order: validateOrder(parsed.data) };
  } catch (error) {
    // Anything but a ValidationError escapes the test and fails the property.
    if (!(error instanceof ValidationError)) throw error;
    const issues = error.fields ?? [];
    return {
      ok: false,
      fields: issues.map((f) => f.field),
      messages: issues.map((f) => inLanguage(f.message, 'en')),
    };
  }
}

const knownFields = new Set([
  '(body)',
  'amount',
  'currency',
  'network',
  'phoneNumber',
  'description',
  'firstName',
  'lastName',
  'email',
  'returnUrl',
  'otp',
  'metadata',
]);

/** Bodies close to valid: a real network, a phone of its country, amounts around its bounds. */
const nearValidBody = fc
  .record({
    net: fc.constantFrom(...networks),
    amountShift: fc.integer({ min: -50, max: 50 }),
    amountPick: fc.constantFrom('min', 'max', 'mid', 'shift'),
    phoneTail: fc.stringMatching(/^[0-9]{6,12}$/),
    // Mostly a phone of the country's length and the country's currency, so a good share of bodies
    // reach the accepting branch; the rest probe the rejections.
    phoneFits: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
    wrongCurrency: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, fc.constant(true)),
    withOtp: fc.boolean(),
    description: fc.option(fc.string({ maxLength: 120 }), { nil: undefined }),
    metadata: fc.option(
      fc.dictionary(
        fc.string({ minLength: 1, maxLength: 45 }),
        fc.oneof(fc.string({ maxLength: 210 }), fc.integer(), fc.boolean()),
        { maxKeys: 22 },
      ),
      { nil: undefined },
    ),
  })
  .map(
    ({ net, amountShift, amountPick, phoneTail, phoneFits, wrongCurrency, withOtp, ...rest }) => {
      const length = net.country.nationalNumberLength;
      const tail = phoneFits ? phoneTail.padEnd(length, '7').slice(0, length) : phoneTail;
      const amount =
        amountPick === 'min'
          ? net.minAmount + amountShift
          : amountPick === 'max'
            ? net.maxAmount + amountShift
            : amountPick === 'mid'
              ? Math.floor((net.minAmount + net.maxAmount) / 2)
              : net.minAmount * 2 + amountShift;
      const currency = wrongCurrency
        ? net.country.currency === 'XOF'
          ? 'XAF'
          : 'XOF'
        : net.country.currency;
      return {
        amount,
        currency,
        network: net.id,
        phoneNumber: `${net.country.dialCode}${tail}`,
        ...(withOtp ? { otp: 'A1B2C3' } : {}),
        // Cards need the way back from FeexPay's card page; the rest ignore it.
        ...(net.flow === 'card' ? { returnUrl: 'https://shop.example/back' } : {}),
        ...(rest.description !== undefined ? { description: rest.description } : {}),
        ...(rest.metadata !== undefined ? { metadata: rest.metadata } : {}),
      };
    },
  );

describe('initiate body validation (property)', () => {
  it('never throws on arbitrary JSON; every rejection names at least one known field', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (body) => {
        const outcome = validate(body);
        if (outcome.ok) return;
        expect(outcome.fields.length).toBeGreaterThan(0);
        outcome.fields.forEach((field, i) => {
          expect(field).not.toBe('');
          // A nested field (metadata.x) is named by its top-level field first; anything else
          // must be an unknown field the caller is told to remove.
          const top = field.split('.')[0] as string;
          if (!knownFields.has(top)) expect(outcome.messages[i]).toMatch(/Unknown field/);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on objects with the right keys and values of any type', () => {
    const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.record(
          {
            amount: anyValue,
            currency: anyValue,
            network: anyValue,
            phoneNumber: anyValue,
            description: anyValue,
            otp: anyValue,
            metadata: anyValue,
            email: anyValue,
            returnUrl: anyValue,
          },
          { requiredKeys: [] },
        ),
        (body) => {
          const outcome = validate(body);
          if (!outcome.ok) expect(outcome.fields.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('every accepted body satisfies the catalog (network, currency, bounds, phone, OTP)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(nearValidBody, (body) => {
        const outcome = validate(body);
        if (!outcome.ok) {
          expect(outcome.fields.length).toBeGreaterThan(0);
          return;
        }
        accepted++;
        const { order } = outcome;
        const net = order.network;
        expect(net.id).toBe(body.network);
        expect(order.currency).toBe(net.country.currency);
        expect(body.currency).toBe(net.country.currency);
        expect(Number.isInteger(order.amount)).toBe(true);
        expect(order.amount).toBeGreaterThanOrEqual(net.minAmount);
        expect(order.amount).toBeLessThanOrEqual(net.maxAmount);
        expect(phoneProblem(order.phoneNumber, net)).toBeUndefined();
        if (net.flow === 'otp') expect(order.otp).toBeTruthy();
        if (order.description !== undefined) {
          // FeexPay's rule: letters, digits and spaces only, and we cap the length.
          expect(order.description).toMatch(/^[A-Za-z0-9 ]*$/);
          expect(order.description.length).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: RUNS },
    );
    // The generator must actually reach the accepting branch, or the property says nothing.
    expect(accepted).toBeGreaterThan(RUNS / 5);
  });

  it('a rejected near-valid body names exactly the fields that break the catalog', () => {
    fc.assert(
      fc.property(nearValidBody, (body) => {
        const outcome = validate(body);
        if (outcome.ok) return;
        const net = networks.find((n) => n.id === body.network);
        if (!net) return;
        const expected = new Set<string>();
        if (body.currency !== net.country.currency) expected.add('currency');
        if (body.amount < net.minAmount || body.amount > net.maxAmount || body.amount <= 0)
          expected.add('amount');
        // The payer's number fits the network's country, or (cards) any country it is offered in.
        const fits = countriesOf(net).some((country) => normalizePhone(body.phoneNumber, country));
        if (!fits || body.phoneNumber.length > 30) expected.add('phoneNumber');
        const top = new Set(outcome.fields.map((f) => f.split('.')[0]));
        // Schema and catalog checks answer together: every field that breaks either is named.
        for (const field of expected) expect(top).toContain(field);
        expect(top.size).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('other request schemas (property)', () => {
  it('retry body, history query and path id never throw and name a field when they refuse', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 }), {
          maxKeys: 4,
        }),
        fc.string({ maxLength: 120 }),
        (body, query, id) => {
          for (const [schema, value, prefix] of [
            [retryBodySchema, body, ''],
            [historyQuerySchema, query, 'query'],
            [paymentIdParamsSchema, { id }, 'path'],
          ] as const) {
            const parsed = schema.safeParse(value);
            if (!parsed.success) {
              const fields = fieldIssues(parsed.error, prefix);
              expect(fields.length).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('Idempotency-Key: accepted exactly when 1–255 printable ASCII characters, not blank', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary' })), (key) => {
        const valid = key.length <= 255 && /^[\x20-\x7e]+$/.test(key) && key.trim() !== '';
        let accepted: boolean;
        try {
          expect(requireIdempotencyKey({ 'idempotency-key': key })).toBe(key);
          accepted = true;
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).fields?.[0]?.field).toBe('Idempotency-Key');
          accepted = false;
        }
        expect(accepted).toBe(valid);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('human-facing text: names and descriptions', () => {
  const base = { amount: 1500, currency: 'XOF', network: 'mtn', phoneNumber: '2290166000000' };

  it.each([
    ['a NUL', 'Ada\u0000'],
    ['a line break', 'Ada\nLovelace'],
    ['a tab', 'Ada\tL'],
    ['an escape', '\u001b[31mred'],
    ['a C1 control', 'Ada\u0085'],
    ['a right-to-left override', 'Ada \u202egnp.exe'],
    ['a left-to-right embedding', '\u202aAda'],
    ['an isolate', 'Ada\u2067x\u2069'],
    ['a right-to-left mark', 'Ada\u200f'],
    ['zero-width characters only', '\u200b\u200c\u200d'],
    ['a word joiner and spaces only', ' \u2060 '],
    ['a byte-order mark only', '\ufeff'],
  ])('refuses %s with a 400 naming the field', (_what, value) => {
    for (const field of ['firstName', 'lastName', 'description']) {
      const outcome = validate({ ...base, [field]: value });
      expect(outcome.ok, `${field}: ${JSON.stringify(value)}`).toBe(false);
      if (!outcome.ok) expect(outcome.fields).toEqual([field]);
    }
  });

  it('keeps letters of every script, accents and inner zero-width joiners', () => {
    for (const value of ['Adjoa', 'Kɔfi', 'Zoé N’Guessan', 'محمد', '王芳', 'क्‍ष']) {
      const outcome = validate({ ...base, firstName: value, lastName: value });
      expect(outcome.ok, value).toBe(true);
    }
    expect(validate({ ...base, description: 'Commande n° 42 — café' }).ok).toBe(true);
  });

  it('holds for any string: accepted names hold no control, bidi or invisible-only text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (value) => {
        const outcome = validate({ ...base, firstName: value });
        if (outcome.ok) {
          const name = outcome.order.firstName ?? '';
          expect(name).not.toMatch(/[\p{Cc}\p{Bidi_Control}]/u);
          expect(name.replace(/[\s\u200b-\u200d\u2060\ufeff]/g, '')).not.toBe('');
        }
      }),
      { numRuns: RUNS },
    );
  });
});
