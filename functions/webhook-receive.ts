/**
 * `POST webhook/` (FeexPay). Keeps the raw body (no JSON middleware), checks the URL token,
 * stores and queues the event, answers 200 quickly. See docs/webhooks.md.
 */
import middy from '@middy/core';
import * as config from '../shared/config.ts';
import { HttpError } from '../shared/errors.ts';
import {
  correlationIdOf,
  type HttpEvent,
  type HttpResponse,
  json,
  problemResponse,
} from '../shared/http.ts';
import { logger } from '../shared/logger.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { reportError } from '../shared/sentry.ts';
import { ingestWebhook } from '../shared/webhooks/ingest.ts';

export const handler = middy<HttpEvent, HttpResponse>()
  .use(metricsFlush())
  .handler(async (event) => {
    const correlationId = correlationIdOf(event);
    logger.appendKeys({ correlationId });
    try {
      const result = await ingestWebhook({
        token: event.queryStringParameters?.token,
        body: event.body,
        isBase64Encoded: event.isBase64Encoded === true,
        queueUrl: config.webhookQueueUrl(),
      });
      return json(
        200,
        { received: true, duplicate: result.duplicate },
        { 'x-correlation-id': correlationId },
      );
    } catch (error) {
      if (!(error instanceof HttpError))
        logger.error('Webhook ingest failed', { error, correlationId });
      await reportError(error, { correlationId, function: 'WebhookReceive' });
      return problemResponse(error, correlationId);
    } finally {
      logger.removeKeys(['correlationId']);
    }
  });
