import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { overrideConfig } from '../../shared/config.ts';
import { feexPayClient } from '../../shared/feexpay/client.ts';

overrideConfig({ feexPayBaseUrl: 'https://feexpay.wiring.test/api' });

const API_KEY = `fp_${'w'.repeat(64)}`;
const secrets = mockClient(SecretsManagerClient);
let agent: MockAgent;
const original = getGlobalDispatcher();

beforeEach(() => {
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
