/**
 * Our error map (shared/http/field-messages.ts): whatever is wrong with a request, each field's
 * message is ours, in French and in English, and names what to send. The cases are derived from
 * the request schemas of every contract under shared/api/ (a schema added tomorrow is tested the
 * same way): for each field, values that break each of its rules, read as the routes read them.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { REPO_ROOT } from '../../local/lambda.ts';
import { checkoutsCreate } from '../../shared/api/checkouts.ts';
import { paymentsInitiate } from '../../shared/api/payments.ts';
import { ValidationError } from '../../shared/errors.ts';
import type { Contract } from '../../shared/http/contract.ts';
import { fieldIssues, fieldMessage, frenchOf } from '../../shared/http/field-messages.ts';
import { preferredLanguage } from '../../shared/http/language.ts';
import { problemResponse } from '../../shared/http/problem.ts';
import { readRequest } from '../../shared/http/request.ts';
import { apiEvent } from '../support/api-event.ts';

type Json = Record<string, unknown>;

/** Every contract the shared/api modules export (runtime halves only). */
async function contracts(): Promise<{ name: string; contract: Contract }[]> {
  const dir = join(REPO_ROOT, 'shared', 'api');
  const found: { name: string; contract: Contract }[] = [];
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.ts') || file.endsWith('.docs.ts')) continue;
    const module = (await import(join(dir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (value && typeof value === 'object' && 'route' in value) {
        found.push({ name, contract: value as Contract });
      }
    }
  }
  return found;
}

/** Values that break each rule a JSON Schema states (and the refinements it cannot state). */
function badValues(schema: Json): unknown[] {
  const values: unknown[] = [];
  for (const option of (schema.anyOf ?? schema.oneOf ?? []) as Json[]) {
    values.push(...badValues(option));
  }
  if (schema.anyOf || schema.oneOf) values.push({ an: 'object' }, [1]);
  if (Array.isArray(schema.enum)) values.push('NOT_ONE_OF_THEM', 7);
  if (schema.const !== undefined) values.push('NOT_IT');
  switch (schema.type) {
    case 'string': {
      values.push(12345, true, null);
      const { minLength, maxLength, pattern, format } = schema as {
        minLength?: number;
        maxLength?: number;
        pattern?: string;
        format?: string;
      };
      if (minLength) values.push('');
      if (maxLength) values.push('x'.repeat(maxLength + 1));
      if (pattern || format) values.push('not it ~!', '');
      // Refinements JSON Schema does not show: human text, URLs.
      values.push('a\u0000b', 'a\u202eb', '\u200b', 'ftp://example.com/');
      break;
    }
    case 'number':
    case 'integer': {
      values.push('12', true, 1.5, -1, 0, Number.MAX_SAFE_INTEGER * 4);
      const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema as Record<
        string,
        number | undefined
      >;
      for (const n of [minimum, exclusiveMinimum]) if (n !== undefined) values.push(n - 1, n);
      for (const n of [maximum, exclusiveMaximum]) if (n !== undefined) values.push(n + 1, n);
      break;
    }
    case 'boolean':
      values.push('yes', 1);
      break;
    case 'array': {
      values.push('x', { not: 'a list' });
      const { minItems, maxItems, items } = schema as {
        minItems?: number;
        maxItems?: number;
        items?: Json;
      };
      if (minItems) values.push([]);
      if (maxItems) values.push(Array.from({ length: maxItems + 1 }, () => 'x'));
      if (items) for (const bad of badValues(items)) values.push([bad]);
      break;
    }
    case 'object': {
      values.push('x', [1], { unknownField: 1 });
      const properties = (schema.properties ?? {}) as Record<string, Json>;
      for (const [key, property] of Object.entries(properties)) {
        for (const bad of badValues(property)) values.push({ [key]: bad });
      }
      const { additionalProperties, propertyNames } = schema as {
        additionalProperties?: Json | boolean;
        propertyNames?: Json;
      };
      if (propertyNames) {
        values.push({ ['k'.repeat(Number(propertyNames.maxLength ?? 40) + 1)]: 1 }, { '': 1 });
      }
      if (additionalProperties && typeof additionalProperties === 'object') {
        for (const bad of badValues(additionalProperties)) values.push({ k: bad });
        // Record refinements: too many keys, too many bytes.
        values.push(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i])));
        values.push(
          Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v'.repeat(190)])),
        );
      }
      break;
    }
  }
  return values;
}

/** The issues a schema reports for one value, as a route reads it (input reported). */
function issuesOf(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value, { reportInput: true });
  return parsed.success ? [] : parsed.error.issues;
}

/** zod's own English for an issue, which must never reach a caller. */
const zodEnglish = z.locales.en().localeError;

describe('every request schema gets our messages', () => {
  it('each issue its fields can raise has a message of ours, in French and English', async () => {
    const seen = new Set<string>();
    let checked = 0;
    for (const { name, contract } of await contracts()) {
      for (const part of ['body', 'query', 'params'] as const) {
        const schema = contract[part];
        if (!schema) continue;
        const jsonSchema = z.toJSONSchema(schema, {
          io: 'input',
          unrepresentable: 'any',
        }) as Json;
        const cases = [{}, ...badValues(jsonSchema)];
        for (const value of cases) {
          for (const issue of issuesOf(schema, value)) {
            const field = issue.path.join('.') || '(body)';
            const message = fieldMessage(issue, field);
            const where = `${name}.${part} ${JSON.stringify(value)?.slice(0, 80)} → ${issue.code} at ${field}`;
            seen.add(`${issue.code}${'origin' in issue ? `:${issue.origin}` : ''}`);
            checked += 1;
            // Not zod's text: neither what zod wrote into the issue nor its English locale.
            const zodText = frenchOf(issue.message) ? undefined : issue.message;
            expect(message.en, where).not.toBe(zodText);
            expect(message.en, where).not.toBe(
              (zodEnglish as (i: unknown) => { message?: string } | string | undefined)(issue),
            );
            expect(message.en, where).not.toMatch(/expected|Invalid input|Too (big|small)/);
            // Never our catch-all: a field that needs its own words says them with `said()`.
            expect(message.en, where).not.toMatch(/see the API reference for what to send/);
            expect(message.fr, where).not.toBe(message.en);
            expect(message.fr.length, where).toBeGreaterThan(3);
          }
        }
      }
    }
    // The derivation reaches the kinds of issue our schemas raise.
    expect(checked).toBeGreaterThan(200);
    for (const kind of [
      'invalid_type',
      'too_small:string',
      'too_big:string',
      'too_small:number',
      'too_big:number',
      'invalid_format',
      'invalid_value',
      'unrecognized_keys',
      'custom',
    ]) {
      expect(
        [...seen].some((s) => s.startsWith(kind)),
        kind,
      ).toBe(true);
    }
  });

  it('knows every kind of zod issue (none falls to zod’s text)', () => {
    const issues: z.core.$ZodIssue[] = [
      { code: 'invalid_type', expected: 'number', input: 'x', path: [], message: 'm' },
      { code: 'invalid_type', expected: 'string', path: [], message: 'm' },
      { code: 'too_big', origin: 'array', maximum: 3, inclusive: true, path: [], message: 'm' },
      { code: 'too_small', origin: 'set', minimum: 2, inclusive: true, path: [], message: 'm' },
      { code: 'too_small', origin: 'date', minimum: 2, inclusive: true, path: [], message: 'm' },
      { code: 'invalid_format', format: 'uuid', path: [], message: 'm' },
      { code: 'invalid_format', format: 'cuid', path: [], message: 'm' },
      { code: 'not_multiple_of', divisor: 5, path: [], message: 'm' },
      { code: 'unrecognized_keys', keys: ['x'], path: [], message: 'm' },
      { code: 'invalid_value', values: ['a', 'b'], path: [], message: 'm' },
      { code: 'invalid_value', values: [true], path: [], message: 'm' },
      {
        code: 'invalid_union',
        errors: [
          [{ code: 'invalid_type', expected: 'string', path: [], message: 'm' }],
          [{ code: 'invalid_type', expected: 'boolean', path: [], message: 'm' }],
        ],
        path: [],
        message: 'm',
      },
      {
        code: 'invalid_key',
        origin: 'record',
        issues: [
          {
            code: 'too_big',
            origin: 'string',
            maximum: 4,
            inclusive: true,
            path: [],
            message: 'm',
          },
        ],
        path: [],
        message: 'm',
      },
      {
        code: 'invalid_element',
        origin: 'set',
        key: 1,
        issues: [{ code: 'invalid_type', expected: 'number', path: [], message: 'm' }],
        path: [],
        message: 'm',
      },
    ];
    for (const issue of issues) {
      const message = fieldMessage(issue, 'limit');
      expect(message.en, issue.code).toMatch(/limit|key|Unknown field/);
      expect(message.en, issue.code).not.toBe('m');
      expect(message.fr, issue.code).not.toBe(message.en);
    }
    // Missing and wrong are told apart.
    expect(fieldMessage(issues[1] as z.core.$ZodIssue, 'amount')).toEqual({
      fr: 'amount est obligatoire : envoyez du texte (une chaîne JSON).',
      en: 'amount is required: send text (a JSON string).',
    });
  });

  it('a field message is written in the caller’s language', () => {
    const schema = z.strictObject({ limit: z.number().int().max(100) });
    const parsed = schema.safeParse({ limit: 101, extra: 1 }, { reportInput: true });
    if (parsed.success) throw new Error('should fail');
    const error = new ValidationError('x', { fields: fieldIssues(parsed.error, 'query') });
    const fr = JSON.parse(String(problemResponse(error, 'c', 'fr').body));
    const en = JSON.parse(String(problemResponse(error, 'c', 'en').body));
    expect(en.errors).toEqual([
      { field: 'query.limit', message: 'query.limit must be at most 100.' },
      { field: 'query.extra', message: 'Unknown field: remove it (check its spelling).' },
    ]);
    expect(fr.errors).toEqual([
      { field: 'query.limit', message: 'query.limit doit valoir au plus 100.' },
      { field: 'query.extra', message: 'Champ inconnu : retirez-le (vérifiez l’orthographe).' },
    ]);
  });
});

describe('Accept-Language', () => {
  it('picks French or English by q-value, regional tags included; English otherwise', () => {
    expect(preferredLanguage('fr')).toBe('fr');
    expect(preferredLanguage('fr-FR,fr;q=0.9')).toBe('fr');
    expect(preferredLanguage('fr-BJ')).toBe('fr');
    expect(preferredLanguage('en-GB,en;q=0.9,fr;q=0.8')).toBe('en');
    expect(preferredLanguage('de-DE, fr;q=0.5, en;q=0.4')).toBe('fr');
    expect(preferredLanguage('en;q=0.2, FR;q=0.7')).toBe('fr');
    expect(preferredLanguage('fr;q=0, en;q=0.1')).toBe('en');
    expect(preferredLanguage('fr;q=0')).toBe('en');
    expect(preferredLanguage('fr;q=abc')).toBe('en');
    expect(preferredLanguage('de, *')).toBe('en');
    expect(preferredLanguage(undefined)).toBe('en');
    expect(preferredLanguage('')).toBe('en');
    expect(preferredLanguage('fr-CA;q=0.8, en;q=0.8')).toBe('fr'); // a tie: the first listed
    expect(preferredLanguage(undefined, 'fr')).toBe('fr');
  });
});

describe('readRequest', () => {
  const contract = {
    route: {} as Contract['route'],
    body: z.strictObject({ amount: z.number().int().positive(), network: z.string() }),
    query: z.strictObject({ limit: z.coerce.number().int().max(100).optional() }),
    params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
    idempotent: true,
    bodyChecks: (body: Record<string, unknown>) =>
      body.network === 'nope'
        ? [{ field: 'network', message: { fr: 'Réseau inconnu.', en: 'Unknown network.' } }]
        : [],
  } satisfies Contract;

  it('names every offending field of body, query, path and key in one 400, domain checks included', () => {
    const event = apiEvent({
      body: JSON.stringify({ amount: 1.5, network: 'nope', ammount: 3 }),
      headers: { 'content-type': 'application/json' },
      query: { limit: '500' },
      pathParameters: { id: 'ABC' },
    });
    let error: unknown;
    try {
      readRequest(contract, event);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).fields?.map((f) => f.field);
    expect(fields).toEqual([
      'amount',
      'ammount',
      'network',
      'query.limit',
      'path.id',
      'Idempotency-Key',
    ]);
    const fr = JSON.parse(String(problemResponse(error, 'c', 'fr').body));
    expect(fr.detail).toBe(
      'Corrigez ces champs : amount, ammount, network, query.limit, path.id, Idempotency-Key.',
    );
    expect(fr.title).toBe('La requête n’est pas valide');
  });
});

describe('the catalog checks answer with the schema', () => {
  function fieldsOf(contract: Contract, body: object): string[] {
    try {
      readRequest(
        contract,
        apiEvent({ method: 'POST', body, headers: { 'idempotency-key': 'k' } }),
      );
    } catch (error) {
      if (error instanceof ValidationError) return (error.fields ?? []).map((f) => f.field);
      throw error;
    }
    return [];
  }

  it('initiate: a schema error and the network’s bounds, currency and phone in one answer', () => {
    expect(
      fieldsOf(paymentsInitiate, {
        amount: 50,
        currency: 'XAF',
        network: 'mtn',
        phoneNumber: '+229 01',
        email: 'nope',
      }).sort(),
    ).toEqual(['amount', 'currency', 'email', 'phoneNumber']);
  });

  it('create a checkout: a schema error and the catalog’s amount and phone in one answer', () => {
    expect(
      fieldsOf(checkoutsCreate, {
        amount: 50,
        currency: 'XOF',
        orderId: 'o-1',
        networks: ['mtn'],
        customer: { phoneNumber: '+33 6 12 34 56 78' },
        locale: 'de',
      }).sort(),
    ).toEqual(['amount', 'customer.phoneNumber', 'locale']);
  });
});
