/**
 * The local stack's view of the handlers' logs (local/log-view.ts): one readable line per record,
 * metrics hidden unless asked, JSON untouched with `json`, anything else passed through.
 */
import { describe, expect, it } from 'vitest';
import { viewChunk, viewLine } from '../../local/log-view.ts';

const at = '2026-12-01T12:00:01.000Z';
const clock = new Date(at).toTimeString().slice(0, 8);
const record = JSON.stringify({
  level: 'INFO',
  message: 'Payment created',
  timestamp: at,
  service: 'feexpay-payments',
  sampling_rate: 0,
  xray_trace_id: 'Root=1-abc',
  correlationId: 'c-1',
  paymentId: 'pay_1',
  network: 'mtn',
  description: 'Order 42',
});
const metric = JSON.stringify({
  _aws: {
    Timestamp: Date.parse(at),
    CloudWatchMetrics: [
      {
        Namespace: 'FeexPayPayments',
        Dimensions: [['service', 'network']],
        Metrics: [{ Name: 'PaymentInitiated', Unit: 'Count' }],
      },
    ],
  },
  service: 'feexpay-payments',
  network: 'mtn',
  PaymentInitiated: 1,
});
const text = { json: false, metrics: false, functionId: () => 'PaymentsInitiate' };

describe('local log view', () => {
  it('writes a record as one line: time, level, function, message, the other fields', () => {
    expect(viewLine(record, text)).toBe(
      `${clock} INFO  PaymentsInitiate Payment created correlationId=c-1 paymentId=pay_1 network=mtn description="Order 42"`,
    );
  });

  it('names an error by its name, message and place', () => {
    const error = JSON.stringify({
      level: 'ERROR',
      message: 'Unexpected error',
      timestamp: at,
      error: { name: 'TypeError', message: 'x is undefined', location: 'file.ts:12', stack: '…' },
    });
    expect(viewLine(error, { ...text, functionId: () => undefined })).toBe(
      `${clock} ERROR Unexpected error error="TypeError: x is undefined at file.ts:12"`,
    );
  });

  it('hides metric records unless asked, then shows them readable or as deployed', () => {
    expect(viewLine(metric, text)).toBeNull();
    expect(viewLine(metric, { ...text, metrics: true })).toBe(
      `${clock} METRIC PaymentsInitiate PaymentInitiated=1 network=mtn`,
    );
    expect(viewLine(metric, { ...text, metrics: true, json: true })).toBe(metric);
  });

  it('leaves records as deployed with json, and any other line as it is', () => {
    expect(viewLine(record, { ...text, json: true })).toBe(record);
    expect(viewLine('[local] WebhookProcess failed', text)).toBe('[local] WebhookProcess failed');
    expect(viewLine('{"not":"a record"}', text)).toBe('{"not":"a record"}');
  });

  it('handles a chunk of several lines, dropping hidden ones', () => {
    expect(viewChunk(`${metric}\n${record}\nplain\n`, text)).toBe(
      `${clock} INFO  PaymentsInitiate Payment created correlationId=c-1 paymentId=pay_1 network=mtn description="Order 42"\nplain\n`,
    );
  });
});
