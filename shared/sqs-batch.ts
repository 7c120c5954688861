/**
 * The one shape of an SQS consumer: each record is handled on its own, a record that throws is
 * reported in `batchItemFailures` (only it comes back, after its visibility timeout) and the rest
 * are deleted; the invocation's metrics are published once at the end, whatever happened.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { flushMetrics } from './metrics.ts';

export function sqsBatchHandler(recordHandler: (record: SQSRecord) => Promise<void>) {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event: SQSEvent) => {
    try {
      return await processPartialResponse(event, recordHandler, processor, {
        throwOnFullBatchFailure: false,
      });
    } finally {
      flushMetrics();
    }
  };
}
