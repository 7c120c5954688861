/**
 * The local Secrets Manager stand-in (local/secrets-emulator.ts) through the real code path:
 * `getFeexPaySecret()` (Powertools over the SDK) with AWS_ENDPOINT_URL_SECRETS_MANAGER.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/aws.ts';
import {
  LOCAL_SECRET_NAME,
  type SecretsEmulator,
  startSecretsEmulator,
} from '../../local/secrets-emulator.ts';
import { loadSettings } from '../../local/settings.ts';
import { overrideConfig } from '../../shared/config.ts';
import { getFeexPaySecret, secretProblems } from '../../shared/secrets.ts';

const settings = loadSettings({}, {});
const secret = {
  apiKey: settings.feexPayApiKey,
  shopId: settings.feexPayShopId,
  webhookToken: settings.feexPayWebhookToken,
  merchantWebhookSecret: settings.merchantWebhookSecret,
};

let emulator: SecretsEmulator;
beforeAll(async () => {
  emulator = await startSecretsEmulator(secret);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: emulator.endpoint,
  });
  overrideConfig({ feexPaySecretArn: emulator.secretArn });
});
afterAll(() => emulator?.stop());

describe('secrets emulator', () => {
  it('serves the FeexPay secret to getFeexPaySecret(), which caches it', async () => {
    expect(await getFeexPaySecret()).toEqual(secret);
    expect(await getFeexPaySecret()).toEqual(secret);
    expect(emulator.calls()).toBe(1);
  });

  it('answers GetSecretValue by name as the SDK expects', async () => {
    const client = new SecretsManagerClient(localClientConfig(emulator.endpoint));
    const result = await client.send(new GetSecretValueCommand({ SecretId: LOCAL_SECRET_NAME }));
    client.destroy();
    expect(result).toMatchObject({
      ARN: emulator.secretArn,
      Name: LOCAL_SECRET_NAME,
      VersionStages: ['AWSCURRENT'],
    });
    expect(result.CreatedDate).toBeInstanceOf(Date);
    expect(JSON.parse(result.SecretString ?? '')).toEqual(secret);
  });

  it('answers an unknown id with ResourceNotFoundException', async () => {
    const client = new SecretsManagerClient(localClientConfig(emulator.endpoint));
    const attempt = client.send(new GetSecretValueCommand({ SecretId: 'nope' }));
    await expect(attempt).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    client.destroy();
  });

  it('keeps the dev secret valid for the service’s schema', async () => {
    expect(secretProblems(secret)).toEqual([]);
    expect(secret.apiKey).toMatch(/^fp_[A-Za-z0-9]{64}$/);
    expect(Buffer.from(secret.merchantWebhookSecret.slice('whsec_'.length), 'base64')).toHaveLength(
      32,
    );
  });
});
