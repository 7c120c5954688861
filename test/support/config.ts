/**
 * vitest setup file (vitest.config.ts `setupFiles`): the local defaults every test file starts
 * from, as the environment a deployed function would get. shared/config.ts reads them where
 * `process.env` sets nothing, so a test that starts the local stack gets the stack's values.
 *
 * A test that needs another value: `overrideConfig({ rateLimitPerMinute: 3 })` (shared/config.ts),
 * typed and without re-importing anything; `resetConfig()` drops the overrides.
 */
import { configFallbacks } from '../../shared/config.ts';

export const LOCAL_DEFAULTS = {
  TABLE_NAME: 'payments',
  FEEXPAY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:feexpay',
  WEBHOOK_QUEUE_URL: 'http://sqs.local/000000000000/webhook',
  NOTIFICATION_QUEUE_URL: 'http://sqs.local/000000000000/notification',
  MERCHANT_WEBHOOK_URL: 'https://merchant.example.com/hooks',
} as const;

configFallbacks(LOCAL_DEFAULTS);
