/**
 * The merchant-event table (shared/notifications/merchant-events.ts) is the contract: the webhook
 * docs list exactly its events with their meaning, the OpenAPI document names exactly its payment
 * events, and each row's `webhook-id` and metric follow from it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EVENT_DESCRIPTIONS,
  eventTypesOf,
  MERCHANT_EVENTS,
  paymentEvent,
  webhookIdOf,
} from '../../shared/notifications/merchant-events.ts';

const docs = readFileSync(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');
const openapi = JSON.parse(
  readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'),
) as { components: { schemas: Record<string, { properties: { type: { enum: string[] } } }> } };

describe('merchant events', () => {
  it('docs/webhooks.md lists every event type with its meaning, and no other', () => {
    const rows = [...docs.matchAll(/^\| `([a-z]+\.[a-z_]+)` \| (.+) \|$/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows).toEqual(MERCHANT_EVENTS.map((e) => [e.type, EVENT_DESCRIPTIONS[e.type]]));
  });

  it('the OpenAPI document offers exactly the payment events', () => {
    expect(openapi.components.schemas.PaymentNotification?.properties.type.enum).toEqual(
      eventTypesOf('payment'),
    );
  });

  it('a final status names one event, its webhook-id and its metric', () => {
    const expired = paymentEvent('EXPIRED');
    expect(expired).toMatchObject({ type: 'payment.expired', metric: 'PaymentExpired' });
    expect(webhookIdOf('pay_x', expired)).toBe('evt_pay_x_expired');
    expect(new Set(MERCHANT_EVENTS.map((e) => e.type)).size).toBe(MERCHANT_EVENTS.length);
  });
});
