/**
 * The FeexPay settings secret (one Secrets Manager secret, DESIGN decision 8). Functions get its
 * ARN in FEEXPAY_SECRET_ARN, fetch the value at runtime and cache it for five minutes per
 * execution environment. The value is never logged.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod';
import { requireEnv } from './env.ts';

export const feexPaySecretSchema = z.object({
  /** FeexPay API key, `fp_…`. */
  apiKey: z.string().min(1),
  /** FeexPay shop id, sent as `shop` in request bodies. */
  shopId: z.string().min(1),
  /** Token carried by the webhook URL registered at FeexPay (`…/webhook/?token=`). */
  webhookToken: z.string().min(16),
  /** Standard Webhooks signing secret for merchant notifications, `whsec_…`. */
  merchantWebhookSecret: z.string().startsWith('whsec_'),
});

export type FeexPaySecret = z.infer<typeof feexPaySecretSchema>;

/** At most one Secrets Manager call per execution environment per five minutes. */
export const SECRET_MAX_AGE_SECONDS = 300;

export async function getFeexPaySecret(): Promise<FeexPaySecret> {
  const arn = requireEnv('FEEXPAY_SECRET_ARN');
  const value = await getSecret(arn, { maxAge: SECRET_MAX_AGE_SECONDS, transform: 'json' });
  const parsed = feexPaySecretSchema.safeParse(value);
  if (!parsed.success) {
    // Name the bad keys, never the values.
    const keys = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`FeexPay secret is malformed (check keys: ${keys})`);
  }
  return parsed.data;
}
