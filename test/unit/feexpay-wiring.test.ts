import { clearCaches } from '@aws-lambda-powertools/parameters';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { overrideConfig } from '../../shared/config.ts';
import { feexPayClient } from '../../shared/feexpay/client.ts';
import { FeexPayAuthError } from '../../shared/feexpay/errors.ts';
import { resetSecretRefresh } from '../../shared/secrets.ts';

overrideConfig({ feexPayBaseUrl: 'https://feexpay.wiring.test/api' });

const API_KEY = `fp_${'w'.repeat(64)}`;
const secrets = mockClient(SecretsManagerClient);
let agent: MockAgent;
const original = getGlobalDispatcher();

beforeEach(() => {
  clearCaches();
  resetSecretRefresh();
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({
    SecretString: JSON.stringify({
      apiKey: API_KEY,
      shopId: 'wiringshop00001',
      webhookToken: 'token-0123456789abcdef',
      merchantWebhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
  });
  agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  setGlobalDispatcher(agent);
});

afterEach(async () => {
  setGlobalDispatcher(original);
  await agent.close();
});

it('builds one client from FEEXPAY_BASE_URL and the cached secret, with its key on the wire', async () => {
  agent
    .get('https://feexpay.wiring.test')
    .intercept({ path: '/api/transactions/public/single/status/ref-1', method: 'GET' })
    .reply(200, { reference: 'ref-1', status: 'SUCCESSFUL', amount: 100 });

  const first = await feexPayClient();
  const second = await feexPayClient();
  const tx = await first.getStatus('ref-1');

  expect(second).toBe(first);
  expect(tx.status).toBe('SUCCESSFUL');
  expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  const [call] = agent.getCallHistory()?.calls() ?? [];
  expect(call?.headers).toMatchObject({ authorization: `Bearer ${API_KEY}` });
});

describe('a FeexPay API key rotated while the secret is cached', () => {
  const NEW_KEY = `fp_${'n'.repeat(64)}`;
  const ORIGIN = 'https://feexpay.wiring.test';
  const secretWith = (apiKey: string) => ({
    SecretString: JSON.stringify({
      apiKey,
      shopId: 'wiringshop00001',
      webhookToken: 'token-0123456789abcdef',
      merchantWebhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
  });
  /** FeexPay after the rotation: the old key is refused, the new one works. */
  function feexPayKnowsOnly(key: string) {
    agent
      .get(ORIGIN)
      .intercept({ path: /\/api\/transactions\/public\//, method: /GET|POST/ })
      .reply<Record<string, unknown>>((request) => {
        const auth = (request.headers as Record<string, string>).authorization;
        if (auth !== `Bearer ${key}`) return { statusCode: 401, data: { message: 'Unauthorized' } };
        return request.method === 'GET'
          ? { statusCode: 200, data: { reference: 'ref-1', status: 'SUCCESSFUL', amount: 100 } }
          : { statusCode: 200, data: { reference: 'ref-2', status: 'PENDING' } };
      })
      .persist();
  }
  const authorizations = () =>
    (agent.getCallHistory()?.calls() ?? []).map(
      (c) => (c.headers as Record<string, string>).authorization,
    );

  it('reads the secret again on 401 and repeats the status read with the new key', async () => {
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce(secretWith(API_KEY))
      .resolves(secretWith(NEW_KEY));
    feexPayKnowsOnly(NEW_KEY);
    const client = await feexPayClient();
    const tx = await client.getStatus('ref-1');
    expect(tx.status).toBe('SUCCESSFUL');
    expect(authorizations()).toEqual([`Bearer ${API_KEY}`, `Bearer ${NEW_KEY}`]);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    // From now on the new key is the cached one: no further re-read.
    await (await feexPayClient()).getStatus('ref-1');
    expect(authorizations().at(-1)).toBe(`Bearer ${NEW_KEY}`);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('repeats a refused request-to-pay once with the new key: the customer is asked once', async () => {
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce(secretWith(API_KEY))
      .resolves(secretWith(NEW_KEY));
    feexPayKnowsOnly(NEW_KEY);
    const client = await feexPayClient();
    const tx = await client.requestToPay({
      network: 'mtn',
      phoneNumber: '2290166000000',
      amount: 1500,
      callbackInfo: 'pay_1',
    });
    expect(tx.reference).toBe('ref-2');
    expect(authorizations()).toEqual([`Bearer ${API_KEY}`, `Bearer ${NEW_KEY}`]);
  });

  it('a key FeexPay refuses and nobody rotated: the 401 stands, and Secrets Manager is re-read at most every 30 s', async () => {
    secrets.on(GetSecretValueCommand).resolves(secretWith(API_KEY));
    feexPayKnowsOnly(NEW_KEY);
    const client = await feexPayClient();
    for (let i = 0; i < 3; i++) {
      await expect(client.getStatus('ref-1')).rejects.toBeInstanceOf(FeexPayAuthError);
    }
    // One read to start, one forced re-read after the first 401, then the cache.
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(authorizations()).toEqual(Array(3).fill(`Bearer ${API_KEY}`));
  });
});
