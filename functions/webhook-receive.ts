/**
 * `POST webhook/` (FeexPay): checks the URL token, stores the body exactly as delivered, queues
 * the event and answers 200 quickly. Contract: shared/api/service.ts; see docs/webhooks.md.
 */

import { webhookReceive } from '../shared/api/service.ts';
import * as config from '../shared/config.ts';
import { rawRouteHandler } from '../shared/http/handler.ts';
import { metricsFlush } from '../shared/metrics.ts';
import { ingestWebhook } from '../shared/webhooks/ingest.ts';

export const handler = rawRouteHandler(webhookReceive, async ({ event }) => {
  const result = await ingestWebhook({
    token: event.queryStringParameters?.token,
    body: event.body,
    isBase64Encoded: event.isBase64Encoded === true,
    queueUrl: config.webhookQueueUrl(),
  });
  return { status: 200, body: { received: true, duplicate: result.duplicate } };
}).use(metricsFlush());
