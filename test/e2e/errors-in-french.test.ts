/**
 * Errors people can act on, black-box against the local stack: `Accept-Language: fr` gives French
 * titles, details and field messages, every invalid field of a request at once (schema and catalog
 * checks together, headers included); English otherwise; the ids to act on are fields; and a
 * phone number written as people write it (`+229 01 66 00 00 00`) is accepted. Refund problems
 * (more than remains, a FAILED payment) speak the caller's language too.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { api, startTestStack, tokenFor } from '../support/stack.ts';
import { waitFor } from './webhooks-merchant.ts';

let stack: LocalStack;
let token: string;
let merchantToken: string;

beforeAll(async () => {
  stack = await startTestStack();
  token = await tokenFor('errors-fr-user');
  merchantToken = await tokenFor('errors-fr-shop', {
    claims: { scope: 'payments/merchant', client_id: 'errors-fr-shop' },
  });
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

describe('refund problems in the caller’s language', () => {
  /** A customer pays 1000 XOF on MTN Benin from a number ending in `ending`; resolves at `status`. */
  async function payment(ending: string, status: string): Promise<string> {
    const created = await initiate(
      undefined,
      { amount: 1000, currency: 'XOF', network: 'mtn', phoneNumber: `22901970000${ending}` },
      randomUUID(),
    );
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    await waitFor(`payment ${id} ${status}`, async () => {
      const read = await api(stack, 'GET', `payments/${id}`, { token: merchantToken });
      return read.body.status === status;
    });
    return id;
  }

  function refund(id: string, body: Record<string, unknown>, language?: string) {
    return api(stack, 'POST', `payments/${id}/refunds`, {
      token: merchantToken,
      body,
      headers: {
        'idempotency-key': randomUUID(),
        ...(language ? { 'accept-language': language } : {}),
      },
    });
  }

  it('a refund above what remains: French title, detail and field under fr, English otherwise', async () => {
    const id = await payment('00', 'SUCCESSFUL');
    const fr = await refund(id, { amount: 1500 }, 'fr-BJ');
    expect(fr.status).toBe(422);
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(fr.body).toMatchObject({
      code: 'refund_exceeds_remaining',
      paymentId: id,
      title: 'Requête impossible à traiter',
      detail: `Il reste au plus 1000 XOF à rembourser sur le paiement ${id}.`,
      errors: [{ field: 'amount', message: 'Au plus 1000.' }],
    });

    const en = await refund(id, { amount: 1500 });
    expect(en.status).toBe(422);
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.body).toMatchObject({
      code: 'refund_exceeds_remaining',
      paymentId: id,
      title: 'Unprocessable request',
      detail: `At most 1000 XOF remains refundable on payment ${id}.`,
      errors: [{ field: 'amount', message: 'At most 1000.' }],
    });
  });

  it('a refund of a FAILED payment: 409 in French under fr, in English otherwise', async () => {
    const id = await payment('01', 'FAILED');
    const fr = await refund(id, {}, 'fr');
    expect(fr.status).toBe(409);
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(fr.body).toMatchObject({
      code: 'payment_not_refundable',
      paymentId: id,
      title: 'Conflit',
    });
    expect(fr.body.detail).toBe(
      `Le paiement ${id} est FAILED : seul un paiement SUCCESSFUL peut être remboursé (sinon, rien n’a été encaissé).`,
    );

    const en = await refund(id, {}, 'de, en;q=0.2');
    expect(en.status).toBe(409);
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.body).toMatchObject({
      code: 'payment_not_refundable',
      paymentId: id,
      title: 'Conflict',
    });
    expect(en.body.detail).toMatch(/^Payment pay_\w+ is FAILED: only a SUCCESSFUL payment/);
  });

  it('a refund body wrong in several fields: every field at once, in French', async () => {
    const id = await payment('00', 'SUCCESSFUL');
    const fr = await refund(id, { amount: 12.5, reason: '', tip: 1 }, 'fr');
    expect(fr.status).toBe(400);
    expect(fr.body.title).toBe('La requête n’est pas valide');
    const fields = (fr.body.errors as { field: string; message: string }[]).map((e) => e.field);
    expect(fields.sort()).toEqual(['amount', 'reason', 'tip']);
    for (const { field, message } of fr.body.errors as { field: string; message: string }[]) {
      expect(message, field).not.toMatch(
        /expected|Invalid input|Too (big|small)|Required|Send|Unknown/,
      );
    }
  });
});
