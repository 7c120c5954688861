/**
 * Checking the notifications the API sends to your endpoint (Standard Webhooks): `verify()` checks
 * the signature and the timestamp and returns the event, typed. It uses Web Crypto (`crypto.subtle`),
 * so it runs in Node 20+, Deno, Bun and edge runtimes with nothing installed.
 *
 * The signature is HMAC-SHA256, keyed with your `whsec_…` secret (base64 after the prefix), over
 * `${webhook-id}.${webhook-timestamp}.${body}`; `webhook-signature` holds one or more
 * space-separated `v1,<base64>` signatures (several while a secret is rotated) and one matching is
 * enough. Pass the body exactly as received: parsing and re-serialising JSON changes the bytes.
 *
 * @example
 * // Express: app.post('/webhooks/feexpay', express.text({ type: '*\/*' }), async (req, res) => { … })
 * const event = await verify(req.body, req.headers, process.env.FEEXPAY_WEBHOOK_SECRET);
 * if (event.type === 'checkout.completed') await fulfil(event.data.orderId);
 * if (event.type === 'refund.succeeded') await markRefunded(event.data.paymentId);
 * res.sendStatus(204); // dedupe on event.webhookId: a rare redelivery carries the same one
 */
import type { CheckoutNotification, PaymentNotification, PayoutNotification } from './types.ts';

/** A notification the API sends to your endpoint, as `verify()` returns it. */
export type MerchantEvent = (PaymentNotification | CheckoutNotification | PayoutNotification) & {
  /** `webhook-id`: the same for every delivery of one event; drop the ones you have processed. */
  webhookId: string;
  /** `webhook-timestamp`, when this delivery was signed. */
  signedAt: Date;
};

export type WebhookVerificationReason =
  | 'missing_headers'
  | 'bad_secret'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'bad_signature'
  | 'bad_payload';

/** The notification is not genuine (or not readable): answer 400 and do not act on it. */
export class WebhookVerificationError extends Error {
  readonly reason: WebhookVerificationReason;
  constructor(reason: WebhookVerificationReason, message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
    this.reason = reason;
  }
}

/** Request headers as frameworks give them: a `Headers`, or an object (any case, arrays allowed). */
export type WebhookHeaders =
  | Headers
  | Record<string, string | readonly string[] | undefined | null>;

export interface VerifyOptions {
  /** Largest accepted gap between `webhook-timestamp` and now, in seconds. @default 300 */
  toleranceSeconds?: number;
  /** @default Date.now */
  now?: () => number;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? value : value.join(', ');
  }
  return undefined;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const encoder = new TextEncoder();

/**
 * Checks a notification and returns its event. Throws `WebhookVerificationError` (with a
 * `reason`) when a header is missing, the timestamp is outside the tolerance, no signature
 * matches, or the body is not an event.
 *
 * @param body the raw body, as received (a string or its bytes)
 * @param headers the request headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`)
 * @param secret your signing secret, `whsec_…`
 */
export async function verify(
  body: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyOptions = {},
): Promise<MerchantEvent> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    throw new WebhookVerificationError(
      'missing_headers',
      'Expected the headers webhook-id, webhook-timestamp and webhook-signature.',
    );
  }
  const seconds = Number(timestamp);
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (!/^\d+$/.test(timestamp) || now - seconds > tolerance) {
    throw new WebhookVerificationError('timestamp_too_old', 'The webhook-timestamp is too old.');
  }
  if (seconds - now > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_too_new',
      'The webhook-timestamp is in the future.',
    );
  }

  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey(
      'raw',
      fromBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
  } catch {
    throw new WebhookVerificationError('bad_secret', 'The secret is not a whsec_… base64 key.');
  }
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  const signed = encoder.encode(`${id}.${timestamp}.${text}`);
  let matched = false;
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    let signature: Uint8Array<ArrayBuffer>;
    try {
      signature = fromBase64(value);
    } catch {
      continue;
    }
    // subtle.verify compares in constant time.
    if (await crypto.subtle.verify('HMAC', key, signature, signed)) {
      matched = true;
      break;
    }
  }
  if (!matched) {
    throw new WebhookVerificationError('bad_signature', 'No webhook-signature matches.');
  }

  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw new WebhookVerificationError('bad_payload', 'The body is not JSON.');
  }
  if (
    event === null ||
    typeof event !== 'object' ||
    typeof (event as { type?: unknown }).type !== 'string' ||
    typeof (event as { data?: unknown }).data !== 'object'
  ) {
    throw new WebhookVerificationError('bad_payload', 'The body is not an event.');
  }
  return {
    ...(event as PaymentNotification | CheckoutNotification | PayoutNotification),
    webhookId: id,
    signedAt: new Date(seconds * 1000),
  };
}
