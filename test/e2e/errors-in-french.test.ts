/**
 * Errors people can act on, black-box against the local stack: `Accept-Language: fr` gives French
 * titles, details and field messages, every invalid field of a request at once (schema and catalog
 * checks together, headers included); English otherwise; the ids to act on are fields; and a
 * phone number written as people write it (`+229 01 66 00 00 00`) is accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';

let stack: LocalStack;
let token: string;

beforeAll(async () => {
  stack = await startTestStack();
  token = await tokenFor('errors-fr-user');
}, 60_000);

afterAll(() => stack?.stop());

/** A body wrong in six fields, the kinds a person gets wrong: type, bounds, catalog, spelling. */
const invalid = {
  amount: 50,
  currency: 'XAF',
  network: 'mtn',
  phoneNumber: '+229 01 66',
  firstName: '',
  email: 'pas-une-adresse',
  ammount: 2500,
};
const invalidFields = ['amount', 'currency', 'phoneNumber', 'firstName', 'email', 'ammount'];

function initiate(language: string | undefined, body: unknown, key?: string) {
  return api(stack, 'POST', 'initiate', {
    token,
    body,
    headers: {
      ...(language ? { 'accept-language': language } : {}),
      ...(key ? { 'idempotency-key': key } : {}),
    },
  });
}

describe('errors in the caller’s language', () => {
  it('Accept-Language: fr-BJ → every invalid field at once, each message in French', async () => {
    const fr = await initiate('fr-BJ, en;q=0.5', invalid);
    expect(fr.status).toBe(400);
    expect(fr.headers.get('content-type')).toBe('application/problem+json');
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(fr.headers.get('vary')).toMatch(/accept-language/i);
    expect(fr.body).toMatchObject({
      code: 'validation_failed',
      title: 'La requête n’est pas valide',
    });
    const fields = (fr.body.errors as { field: string; message: string }[]).map((e) => e.field);
    // No Idempotency-Key either: named with the body's fields, in the same answer.
    expect(fields.sort()).toEqual([...invalidFields, 'Idempotency-Key'].sort());
    expect(fr.body.detail).toMatch(/^Corrigez ces champs : /);

    const en = await initiate(undefined, invalid);
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.body.title).toBe('The request is not valid');
    expect(en.body.detail).toMatch(/^Fix these fields: /);
    const english = new Map(
      (en.body.errors as { field: string; message: string }[]).map((e) => [e.field, e.message]),
    );
    for (const { field, message } of fr.body.errors as { field: string; message: string }[]) {
      // Ours, and French: never the English text, never a library's.
      expect(message, field).not.toBe(english.get(field));
      expect(message, field).not.toMatch(/expected|Invalid input|Too (big|small)|Required/);
    }
    const messages = Object.fromEntries(
      (fr.body.errors as { field: string; message: string }[]).map((e) => [e.field, e.message]),
    );
    expect(messages.amount).toBe('Envoyez un montant entre 100 et 2000000 XOF.');
    expect(messages.phoneNumber).toMatch(/^Envoyez un numéro du Bénin : \+229 puis 10 chiffres/);
    expect(messages.currency).toMatch(/prend le XOF/);
    expect(messages.ammount).toMatch(/^Champ inconnu/);
  });

  it('a domain error is in French too, and names the payment as a field', async () => {
    const missing = await api(stack, 'GET', 'pay_doesnotexist/status', {
      token,
      headers: { 'accept-language': 'fr' },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-language')).toBe('fr');
    expect(missing.body).toMatchObject({
      title: 'Introuvable',
      detail: 'Aucun paiement pay_doesnotexist.',
    });

    // FeexPay refused the payment (test ending 05: unavailable): the payment to retry is a field.
    const refused = await initiate(
      'fr',
      { amount: 1500, currency: 'XOF', network: 'mtn', phoneNumber: '+229 01 66 00 00 05' },
      'errors-fr-05',
    );
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-language')).toBe('fr');
    expect(refused.body.paymentId).toMatch(/^pay_/);
    expect(refused.body.detail).toContain(`POST retry/${refused.body.paymentId}/`);
    expect(refused.body.title).toBe('Prestataire de paiement indisponible');
  });

  it('takes +229 01 66 00 00 00 and answers the payment', async () => {
    const res = await initiate(
      'fr',
      { amount: 1500, currency: 'XOF', network: 'mtn', phoneNumber: '+229 01 66 00 00 00' },
      'errors-fr-accepted',
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'PENDING', network: 'mtn', amount: 1500 });
    expect(res.body.phoneNumber).toBe('229******0000');
  });
});
