/**
 * Inbound FeexPay webhook: check the URL token, keep the body as received, store one deduplicated
 * event and queue it for the processor. Cost on the happy path: one DynamoDB write and one SQS
 * send; the caller answers 200 at once and the processor does the slow part (a status read).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  MalformedJsonError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from '../errors.ts';
import { logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import { getFeexPaySecret } from '../secrets.ts';
import { dedupeKeyOf, parseWebhookPayload } from './payload.ts';
import { enqueueWebhook } from './queue.ts';
import { storeWebhookEvent, type WebhookEvent } from './store.ts';
import { tokenMatches } from './token.ts';

/** FeexPay's payload is ~1 KB; 64 KB leaves room for odd operator fields and stops abuse. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

export interface IncomingWebhook {
  token: string | undefined;
  /** As API Gateway delivered it. */
  body: string | undefined | null;
  isBase64Encoded: boolean;
  queueUrl: string;
  now?: Date;
}

export interface IngestResult {
  duplicate: boolean;
  /** Whether a message went to the webhook queue for this delivery. */
  enqueued: boolean;
  dedupeKey: string;
}

function decodedLength(body: string, isBase64: boolean): number {
  return isBase64 ? Buffer.from(body, 'base64').byteLength : Buffer.byteLength(body, 'utf8');
}

/**
 * Accepts one FeexPay delivery. Throws `UnauthorizedError` (bad token: nothing stored or queued,
 * `WebhookRejected` counted), `PayloadTooLargeError`, `MalformedJsonError` or `ValidationError`.
 *
 * A duplicate (same reference, same outcome) stores nothing. It is queued again only while the
 * first copy is not processed (still queued, or no payment matched it then): that covers a crash
 * between store and send at no extra write, and a repeat is harmless because the processor is
 * idempotent.
 */
export async function ingestWebhook(input: IncomingWebhook): Promise<IngestResult> {
  const secret = await getFeexPaySecret();
  // During a rotation the previous token is accepted too (docs/runbooks.md, "Rotating secrets").
  // Both comparisons always run, so timing does not tell which token matched.
  const current = tokenMatches(input.token, secret.webhookToken);
  const previous = tokenMatches(input.token, secret.webhookTokenPrevious ?? '');
  if (!current && !previous) {
    metrics.addMetric('WebhookRejected', MetricUnit.Count, 1);
    logger.warn('Webhook rejected: missing or wrong token', { tokenPresent: !!input.token });
    throw new UnauthorizedError('The webhook token is missing or wrong.');
  }
  if (!current) logger.info('Webhook accepted with the previous token (rotation in progress)');

  const body = input.body ?? '';
  if (decodedLength(body, input.isBase64Encoded) > MAX_WEBHOOK_BODY_BYTES) {
    throw new PayloadTooLargeError(`The body must be at most ${MAX_WEBHOOK_BODY_BYTES} bytes.`);
  }
  const text = input.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new MalformedJsonError(`The body is not valid JSON: ${(cause as Error).message}`);
  }
  const result = parseWebhookPayload(parsed);
  if (!result.ok) {
    throw new ValidationError(
      `Fix these fields: ${result.fields.map((f) => f.field).join(', ')}.`,
      { fields: result.fields },
    );
  }
  const { claim } = result;
  const now = input.now ?? new Date();
  const dedupeKey = dedupeKeyOf(claim);
  const event: WebhookEvent = {
    dedupeKey,
    reference: claim.reference,
    claimedStatus: claim.claimedStatus,
    rawStatus: claim.rawStatus,
    amount: claim.amount,
    callbackInfo: claim.callbackInfo,
    reason: claim.reason,
    network: claim.network,
    rawBody: body,
    isBase64Encoded: input.isBase64Encoded,
    receivedAt: now.toISOString(),
    state: 'queued',
  };
  const stored = await storeWebhookEvent(event, now);
  const message = {
    dedupeKey,
    reference: claim.reference,
    claimedStatus: claim.claimedStatus,
    callbackInfo: claim.callbackInfo,
    ...(claim.orderId ? { orderId: claim.orderId } : {}),
  };
  if (stored.stored) {
    await enqueueWebhook(input.queueUrl, message);
    logger.info('Webhook accepted', { dedupeKey, claimedStatus: claim.claimedStatus });
    metrics.addMetric('WebhookAccepted', MetricUnit.Count, 1);
    return { duplicate: false, enqueued: true, dedupeKey };
  }
  metrics.addMetric('WebhookDuplicate', MetricUnit.Count, 1);
  if (stored.existing.state !== 'processed') {
    // Not processed yet (still queued, lost between store and send, or no payment matched then).
    await enqueueWebhook(input.queueUrl, message);
    logger.info('Duplicate webhook re-queued (first copy not processed)', { dedupeKey });
    return { duplicate: true, enqueued: true, dedupeKey };
  }
  logger.info('Duplicate webhook ignored', { dedupeKey, state: stored.existing.state });
  return { duplicate: true, enqueued: false, dedupeKey };
}
