/**
 * Cards on the wire (docs/cards.md, docs/feexpay-api.md §12.1): the FeexLink request we send, how
 * its answer is read, and our payment id read back from `custom_id` in status answers and
 * webhooks; the card refusals' failure code.
 */
import { readFileSync } from 'node:fs';
import { getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_CARDS } from '../../local/simulator/feexlink.ts';
import { parseTransaction } from '../../shared/feexpay/answers.ts';
import { createFeexPayClient, type FeexPayClient } from '../../shared/feexpay/client.ts';
import {
  FeexPayAuthError,
  FeexPayProtocolError,
  FeexPayRejectedError,
  FeexPayServerError,
  FeexPayUnavailableError,
} from '../../shared/feexpay/errors.ts';
import { feexLinkBody } from '../../shared/feexpay/feexlink.ts';
import { logger } from '../../shared/logger.ts';
import { failureCodeOf } from '../../shared/payments/failure-codes.ts';
import { parseWebhookPayload } from '../../shared/webhooks/payload.ts';

const ORIGIN = 'https://feexpay.test';
const API_KEY = `fp_${'k'.repeat(64)}`;
const SHOP_ID = 'shop123456789ab';
const PATH = '/api/feexlinks/generate';
const JSON_HEADERS = { 'content-type': 'application/json' };
const input = {
  amount: 2500,
  description: 'Commande n°1042 — café',
  customId: 'pay_abc',
  returnUrl: 'https://api.example/pay/chk_1',
  expireInMinutes: 5,
};

let agent: MockAgent;
let client: FeexPayClient;
const original = getGlobalDispatcher();

beforeAll(() => {
  logger.setLogLevel('SILENT');
});

beforeEach(() => {
  agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  setGlobalDispatcher(agent);
  client = createFeexPayClient({ baseUrl: `${ORIGIN}/api`, apiKey: API_KEY, shopId: SHOP_ID });
});

afterEach(async () => {
  setGlobalDispatcher(original);
  await agent.close();
});

const pool = () => agent.get(ORIGIN);

describe('the FeexLink request', () => {
  it('is one authenticated POST: the exact amount, CARD, our id as custom_id, our way back for both outcomes', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    pool().intercept({ path: PATH, method: 'POST' }).reply(
      200,
      { message: 'ok', urlPay: 'https://checkout.feexpay.me/l/abc' },
      {
        headers: JSON_HEADERS,
      },
    );
    const link = await client.createFeexLink(input);
    expect(link).toEqual({ url: 'https://checkout.feexpay.me/l/abc' });
    const [, init] = fetchSpy.mock.calls[0] ?? [];
    fetchSpy.mockRestore();
    expect((init?.headers as Record<string, string> | undefined)?.authorization).toBe(
      `Bearer ${API_KEY}`,
    );
    expect(JSON.parse(String(init?.body))).toEqual({
      shop: SHOP_ID,
      amount: 2500,
      description: 'Commande n 1042 cafe',
      paymentMethod: 'CARD',
      expireIn: 5,
      custom_id: 'pay_abc',
      callback_url: 'https://api.example/pay/chk_1',
      callback_error: 'https://api.example/pay/chk_1',
    });
  });

  it('sends a description even without one (FeexPay’s samples always carry it)', () => {
    expect(feexLinkBody({ ...input, description: undefined }, SHOP_ID).description).toBe(
      'Paiement',
    );
  });

  it.each([
    [{ link: 'https://pay.feexpay.me/x' }, 'https://pay.feexpay.me/x'],
    [{ url: 'https://pay.feexpay.me/y' }, 'https://pay.feexpay.me/y'],
    [{ data: { urlPay: 'https://pay.feexpay.me/z' } }, 'https://pay.feexpay.me/z'],
  ])('reads the page address from %j', async (body, url) => {
    pool().intercept({ path: PATH, method: 'POST' }).reply(200, body, { headers: JSON_HEADERS });
    expect((await client.createFeexLink(input)).url).toBe(url);
  });

  it.each([
    ['no address', 200, { message: 'ok' }, FeexPayProtocolError],
    ['an address that is no URL', 200, { urlPay: 'javascript:alert(1)' }, FeexPayProtocolError],
    [
      'a class-validator refusal',
      400,
      { message: 'Validation failed', errors: [{ property: 'amount', constraints: {} }] },
      FeexPayRejectedError,
    ],
    ['a refused key', 401, { message: 'Token API invalid' }, FeexPayAuthError],
    ['FeexPay down', 503, { message: 'Service Unavailable' }, FeexPayUnavailableError],
    ['a server error', 500, { message: 'Internal' }, FeexPayServerError],
  ])('%s is a typed error', async (_name, status, body, type) => {
    pool().intercept({ path: PATH, method: 'POST' }).reply(status, body, { headers: JSON_HEADERS });
    await expect(client.createFeexLink(input)).rejects.toBeInstanceOf(type);
  });

  it('never sends a decimal amount', async () => {
    await expect(client.createFeexLink({ ...input, amount: 2500.5 })).rejects.toBeInstanceOf(
      FeexPayRejectedError,
    );
    expect(agent.getCallHistory()?.calls().length ?? 0).toBe(0);
  });
});

describe('our id on a FeexLink payment', () => {
  it('is read from custom_id when callback_info is empty, in a status answer', () => {
    const tx = parseTransaction(
      {
        status: 200,
        text: JSON.stringify({
          reference: 'ref-1',
          status: 'SUCCESSFUL',
          amount: 2500,
          callback_info: '',
          custom_id: 'pay_abc',
        }),
      },
      API_KEY,
      'ref-1',
    );
    expect(tx.callbackInfo).toBe('pay_abc');
  });

  it('callback_info wins when FeexPay sends both', () => {
    const tx = parseTransaction(
      {
        status: 200,
        text: JSON.stringify({
          reference: 'ref-1',
          status: 'PENDING',
          callback_info: 'pay_one',
          custom_id: 'pay_two',
        }),
      },
      API_KEY,
      'ref-1',
    );
    expect(tx.callbackInfo).toBe('pay_one');
  });

  it('is read from custom_id in a webhook, with FeexLink’s ref_link ignored', () => {
    const parsed = parseWebhookPayload({
      reference: 'ref-1',
      status: 'SUCCESSFUL',
      amount: 2500,
      callback_info: '',
      custom_id: 'pay_abc',
      ref_link: 'link123',
      reseau: 'CARD',
    });
    expect(parsed.ok && parsed.claim).toMatchObject({ callbackInfo: 'pay_abc', network: 'CARD' });
  });
});

describe('card refusals', () => {
  it.each([
    ['CARD_DECLINED', 'card_declined'],
    ['Do not honor', 'card_declined'],
    ['Carte refusée par la banque', 'card_declined'],
    ['3D Secure authentication failed', 'card_declined'],
  ])('%j → %s', (reason, code) => {
    expect(failureCodeOf(reason)).toBe(code);
  });
});

describe('README, "Test mode": the test cards', () => {
  it('lists every card the simulator plays, as the customer types it', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(
      readme.indexOf('<!-- test-cards:start -->'),
      readme.indexOf('<!-- test-cards:end -->'),
    );
    const listed = [...table.matchAll(/`(\d{4} \d{4} \d{4} \d{4})`/g)].map((m) =>
      m[1]?.replace(/ /g, ''),
    );
    expect(listed.sort()).toEqual(Object.values(TEST_CARDS).flat().sort());
  });
});
