/**
 * The client's error types carry what the API's problems say a caller must act on: the ids as
 * typed properties (`paymentId`, `activeAttempt`, `checkoutId`), every field at once, and the
 * language the answer came in. The answers are the API's own (shared/http/problem.ts renders
 * them), so the client is held to what the server really sends.
 */
import { describe, expect, it } from 'vitest';
import {
  createPaymentsClient,
  PaymentsConflictError,
  PaymentsValidationError,
} from '../../client/src/index.ts';
import { ConflictError, invalidFields } from '../../shared/errors.ts';
import { problemResponse } from '../../shared/http/problem.ts';
import { order } from '../support/client.ts';

/** What the API answers for `error` in `language`, as a fetch Response. */
function answer(error: unknown, language: 'fr' | 'en'): Response {
  const res = problemResponse(error, 'corr-1', language);
  return new Response(res.body, { status: res.statusCode, headers: res.headers });
}

function clientAnswering(response: Response, language?: 'fr' | 'en') {
  const sent: Record<string, string>[] = [];
  const client = createPaymentsClient({
    baseUrl: 'https://api.example.com',
    getToken: () => 'token',
    maxAttempts: 1,
    ...(language ? { language } : {}),
    fetch: (async (_input: string | URL | Request, init: RequestInit = {}) => {
      sent.push(init.headers as Record<string, string>);
      return response;
    }) as typeof fetch,
  });
  return { client, sent };
}

describe('the client’s error types', () => {
  it('retry_in_progress: the payment asked for and the live attempt are typed properties', async () => {
    const problem = new ConflictError(
      { fr: 'Le paiement pay_a a déjà une relance en cours : pay_b.', en: 'x' },
      { code: 'retry_in_progress', ids: { paymentId: 'pay_a', activeAttempt: 'pay_b' } },
    );
    const { client, sent } = clientAnswering(answer(problem, 'fr'), 'fr');
    const error = await client.retry('pay_a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentsConflictError);
    const conflict = error as PaymentsConflictError;
    expect(conflict).toMatchObject({
      code: 'retry_in_progress',
      paymentId: 'pay_a',
      activeAttempt: 'pay_b',
      checkoutId: undefined,
      language: 'fr',
      title: 'Conflit',
      detail: 'Le paiement pay_a a déjà une relance en cours : pay_b.',
    });
    // The language the client asked for went as Accept-Language.
    expect(sent[0]?.['accept-language']).toBe('fr');
  });

  it('a checkout’s conflict names the checkout and its live attempt', async () => {
    const problem = new ConflictError('busy', {
      code: 'attempt_in_progress',
      ids: { checkoutId: 'chk_1', paymentId: 'pay_1', activeAttempt: 'pay_1' },
    });
    const { client, sent } = clientAnswering(answer(problem, 'en'));
    const error = (await client
      .cancelCheckout('chk_1')
      .catch((e: unknown) => e)) as PaymentsConflictError;
    expect(error).toMatchObject({ checkoutId: 'chk_1', activeAttempt: 'pay_1', language: 'en' });
    // No language asked: none sent (a browser sends its own).
    expect(sent[0]?.['accept-language']).toBeUndefined();
  });

  it('validation: every field at once, in the answer’s language', async () => {
    const problem = invalidFields([
      { field: 'amount', message: { fr: 'Envoyez un montant.', en: 'Send an amount.' } },
      { field: 'phoneNumber', message: { fr: 'Envoyez un numéro.', en: 'Send a number.' } },
    ]);
    const { client } = clientAnswering(answer(problem, 'fr'), 'fr');
    const error = (await client
      .initiate(order)
      .catch((e: unknown) => e)) as PaymentsValidationError;
    expect(error).toBeInstanceOf(PaymentsValidationError);
    expect(error.fields).toEqual([
      { field: 'amount', message: 'Envoyez un montant.' },
      { field: 'phoneNumber', message: 'Envoyez un numéro.' },
    ]);
    expect(error.detail).toBe('Corrigez ces champs : amount, phoneNumber.');
    expect(error.language).toBe('fr');
  });
});
