/**
 * The FeexPay settings secret (one Secrets Manager secret: docs/decisions.md, decision 8).
 * Functions get its ARN in FEEXPAY_SECRET_ARN, fetch the value at runtime and cache it for five
 * minutes per execution environment. The value is never logged.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import * as config from './config.ts';

/** The FeexPay settings secret's JSON value. */
export interface FeexPaySecret {
  /** FeexPay API key, `fp_…`. */
  apiKey: string;
  /** FeexPay shop id, sent as `shop` in request bodies. */
  shopId: string;
  /** Token carried by the webhook URL registered at FeexPay (`…/webhook/?token=`), 16+ characters. */
  webhookToken: string;
  /** Standard Webhooks signing secret for merchant notifications, `whsec_…`. */
  merchantWebhookSecret: string;
}

/**
 * Checks the secret's shape by hand: four strings do not need a schema library, and leaving zod
 * out keeps the webhook receiver (which reads only this secret) well inside its bundle budget.
 * Returns the names of the bad keys, never their values.
 */
export function secretProblems(value: unknown): string[] {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '');
  const problems: string[] = [];
  if (text('apiKey') === '') problems.push('apiKey');
  if (text('shopId') === '') problems.push('shopId');
  if (text('webhookToken').length < 16) problems.push('webhookToken');
  if (!text('merchantWebhookSecret').startsWith('whsec_')) problems.push('merchantWebhookSecret');
  return problems;
}

/** At most one Secrets Manager call per execution environment per five minutes. */
export const SECRET_MAX_AGE_SECONDS = 300;

export async function getFeexPaySecret(): Promise<FeexPaySecret> {
  const value = await getSecret(config.feexPaySecretArn(), {
    maxAge: SECRET_MAX_AGE_SECONDS,
    transform: 'json',
  });
  const problems = secretProblems(value);
  if (problems.length > 0) {
    throw new Error(`FeexPay secret is malformed (check keys: ${problems.join(', ')})`);
  }
  const { apiKey, shopId, webhookToken, merchantWebhookSecret } = value as unknown as FeexPaySecret;
  return { apiKey, shopId, webhookToken, merchantWebhookSecret };
}
