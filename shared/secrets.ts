/**
 * The FeexPay settings secret (one Secrets Manager secret: docs/decisions.md, decision 8).
 * Functions get its ARN in FEEXPAY_SECRET_ARN, fetch the value at runtime and cache it for five
 * minutes per execution environment. Nothing of the value is ever logged or put in an error: not
 * a key's value, and not the first characters of a value that is not JSON (the parser's own
 * message would quote them). Rotation of each key: docs/runbooks.md, "Rotating secrets".
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
  /**
   * During a token rotation only: the token FeexPay may still be using, accepted as well until
   * the URL at FeexPay carries `webhookToken`. 16+ characters when present.
   */
  webhookTokenPrevious?: string;
  /** Standard Webhooks signing secret for merchant notifications, `whsec_…`. */
  merchantWebhookSecret: string;
  /**
   * During a signing-secret rotation only: the secret the merchant may still verify with.
   * Notifications then carry two signatures, one per secret. `whsec_…` when present.
   */
  merchantWebhookSecretPrevious?: string;
  /**
   * The key of the back office's phone lookup (an HMAC of each payment's phone number, so the
   * table never holds a number in clear: docs/back-office.md). 32+ characters. Without it,
   * payments are not findable by phone. Never rotated: a new key leaves every earlier payment
   * unfindable by phone.
   */
  phoneLookupKey?: string;
}

/** Thrown when the secret cannot be used; its message names keys, never values. */
export class SecretMalformedError extends Error {
  override name = 'SecretMalformedError';
}

/**
 * Checks the secret's shape by hand: a few strings do not need a schema library, and leaving zod
 * out keeps the webhook receiver (which reads only this secret) well inside its bundle budget.
 * Returns the names of the bad keys, never their values.
 */
export function secretProblems(value: unknown): string[] {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '');
  const optional = (key: string, ok: (value: string) => boolean) =>
    record[key] !== undefined && !ok(text(key));
  const problems: string[] = [];
  if (text('apiKey') === '') problems.push('apiKey');
  if (text('shopId') === '') problems.push('shopId');
  if (text('webhookToken').length < 16) problems.push('webhookToken');
  if (optional('webhookTokenPrevious', (v) => v.length >= 16))
    problems.push('webhookTokenPrevious');
  if (!text('merchantWebhookSecret').startsWith('whsec_')) problems.push('merchantWebhookSecret');
  if (optional('merchantWebhookSecretPrevious', (v) => v.startsWith('whsec_'))) {
    problems.push('merchantWebhookSecretPrevious');
  }
  if (optional('phoneLookupKey', (v) => v.length >= 32)) problems.push('phoneLookupKey');
  return problems;
}

/**
 * The secret's text as JSON. A parse error's message quotes the text it choked on (`Unexpected
 * token 'f', "fp_live_9a…" is not valid JSON`), so it is replaced by one that says where, and
 * carries no cause.
 */
export function parseSecretText(text: unknown): unknown {
  if (typeof text !== 'string') {
    throw new SecretMalformedError('FeexPay secret has no SecretString (a binary secret?)');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new SecretMalformedError(
      `FeexPay secret is not valid JSON (${text.length} characters); put a JSON object with apiKey, shopId, webhookToken and merchantWebhookSecret`,
    );
  }
}

/** At most one Secrets Manager call per execution environment per five minutes. */
export const SECRET_MAX_AGE_SECONDS = 300;

/** A forced re-read (after FeexPay refused the key) happens at most this often per environment. */
export const SECRET_REFRESH_MIN_INTERVAL_MS = 30_000;

let lastForcedRefresh = Number.NEGATIVE_INFINITY;

/**
 * The secret, from the five-minute cache. `{ refresh: true }` reads Secrets Manager again (a
 * rotated FeexPay key must not wait for the cache), at most once per
 * `SECRET_REFRESH_MIN_INTERVAL_MS`; more often, it answers from the cache.
 */
export async function getFeexPaySecret(
  options: { refresh?: boolean } = {},
): Promise<FeexPaySecret> {
  const now = Date.now();
  const forceFetch =
    options.refresh === true && now - lastForcedRefresh >= SECRET_REFRESH_MIN_INTERVAL_MS;
  if (forceFetch) lastForcedRefresh = now;
  const text = await getSecret(config.feexPaySecretArn(), {
    maxAge: SECRET_MAX_AGE_SECONDS,
    ...(forceFetch ? { forceFetch: true } : {}),
  });
  const value = parseSecretText(text);
  const problems = secretProblems(value);
  if (problems.length > 0) {
    throw new SecretMalformedError(
      `FeexPay secret is malformed (check keys: ${problems.join(', ')})`,
    );
  }
  const secret = value as FeexPaySecret;
  return {
    apiKey: secret.apiKey,
    shopId: secret.shopId,
    webhookToken: secret.webhookToken,
    merchantWebhookSecret: secret.merchantWebhookSecret,
    ...(secret.webhookTokenPrevious ? { webhookTokenPrevious: secret.webhookTokenPrevious } : {}),
    ...(secret.merchantWebhookSecretPrevious
      ? { merchantWebhookSecretPrevious: secret.merchantWebhookSecretPrevious }
      : {}),
    ...(secret.phoneLookupKey ? { phoneLookupKey: secret.phoneLookupKey } : {}),
  };
}

/** Tests: forget when the last forced re-read happened. */
export function resetSecretRefresh(): void {
  lastForcedRefresh = Number.NEGATIVE_INFINITY;
}
