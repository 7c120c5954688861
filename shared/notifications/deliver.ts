/**
 * One signed POST of a merchant notification, per the Standard Webhooks spec: headers
 * `webhook-id` (stable across retries), `webhook-timestamp` (signing time, seconds) and
 * `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`), made with the
 * `standardwebhooks` package, so merchants verify with the same package. During a rotation of the
 * signing secret the header carries one signature per secret, space-separated (the spec allows
 * several; a verifier accepts the message if any matches), so a merchant verifying with the old
 * secret or the new one accepts it (docs/runbooks.md, "Rotating secrets").
 *
 * Sent with node:http(s) rather than fetch so the connection can use the SSRF guard as its DNS
 * resolver (the address we connect to is the address we checked; see url-guard.ts).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { NotificationMessage } from '../payments/model.ts';
import { BlockedTargetError, checkTargetUrl, guardedLookup } from './url-guard.ts';

export interface DeliveryOptions {
  /** Local stack only: allow http:// and loopback/private targets. @default false */
  allowPrivate?: boolean;
  /** Whole-request timeout. @default 10000 */
  timeoutMs?: number;
  now?: Date;
}

export interface DeliveryResult {
  /** 2xx only. */
  delivered: boolean;
  httpStatus?: number;
  /** 410 Gone: the merchant asked us to stop (Standard Webhooks); no retries. */
  gone: boolean;
  /** The target is not allowed (https, private address): retrying cannot help. */
  blocked: boolean;
  error?: string;
}

/** The body merchants receive: `{ type, timestamp, data }`, as the spec recommends. */
export function notificationBody(message: NotificationMessage): string {
  return JSON.stringify({ type: message.type, timestamp: message.timestamp, data: message.data });
}

/**
 * `webhook-signature`: `v1,<sig>` per secret (the current one first), space-separated. Each secret
 * signs the same `id.timestamp.body`, so the header is as valid as its best signature.
 */
export function signatureHeader(
  secrets: string | readonly string[],
  webhookId: string,
  signedAt: Date,
  body: string,
): string {
  const all = typeof secrets === 'string' ? [secrets] : [...new Set(secrets)];
  if (all.length === 0) throw new Error('No signing secret');
  return all.map((secret) => new Webhook(secret).sign(webhookId, signedAt, body)).join(' ');
}

/** Signs and POSTs one notification. Never throws for a delivery problem: it reports it. */
export async function deliverNotification(
  targetUrl: string,
  signingSecrets: string | readonly string[],
  message: NotificationMessage,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const guard = { allowPrivate: options.allowPrivate === true };
  let url: URL;
  try {
    url = checkTargetUrl(targetUrl, guard);
  } catch (error) {
    return { delivered: false, gone: false, blocked: true, error: (error as Error).message };
  }
  const body = notificationBody(message);
  const signedAt = options.now ?? new Date();
  const signature = signatureHeader(signingSecrets, message.webhookId, signedAt, body);
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': 'feexpay-serverless-webhooks/1',
    'webhook-id': message.webhookId,
    'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
    'webhook-signature': signature,
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<DeliveryResult>((resolve) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers,
        lookup: guardedLookup(guard) as never,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        // Drain (and ignore) the answer so the socket is released.
        res.resume();
        res.on('end', () =>
          resolve({
            delivered: status >= 200 && status < 300,
            httpStatus: status,
            gone: status === 410,
            blocked: false,
          }),
        );
        res.on('error', (error) =>
          resolve({
            delivered: false,
            httpStatus: status,
            gone: false,
            blocked: false,
            error: error.message,
          }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      const blocked = error instanceof BlockedTargetError || error.code === 'EBLOCKED';
      resolve({
        delivered: false,
        gone: false,
        blocked,
        error: error.name === 'AbortError' ? 'timeout' : error.message,
      });
    });
    req.end(body);
  });
}
