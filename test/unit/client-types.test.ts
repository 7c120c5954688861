/**
 * The client's types (client/src/types.ts, generated from docs/openapi.json) are the zod schemas'
 * types: a change on either side that the other does not follow (a stale `npm run openapi`
 * included) fails `npm run typecheck` (and this file).
 */
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import type * as client from '../../client/src/index.ts';
import type {
  checkoutSchema,
  healthReportSchema,
  historyPageSchema,
  paymentsPageSchema,
  problemSchema,
  providersCatalogSchema,
  publicPaymentSchema,
} from '../../shared/api/responses.ts';
import type { MerchantCheckout } from '../../shared/checkouts/model.ts';
import type { PublicCheckout } from '../../shared/checkouts/read.ts';
import type { createCheckoutBodySchema } from '../../shared/checkouts/schemas.ts';
import type { HealthReport, healthAnswer } from '../../shared/health.ts';
import type { HistoryPage } from '../../shared/payments/history.ts';
import type { PaymentsPage } from '../../shared/payments/list.ts';
import type { PublicPayment } from '../../shared/payments/model.ts';
import type { initiateBodySchema, retryBodySchema } from '../../shared/payments/schemas.ts';
import type { catalogByCountry } from '../../shared/providers.ts';

describe('client types follow the API schemas', () => {
  it('answers', () => {
    expectTypeOf<client.Payment>().toEqualTypeOf<z.output<typeof publicPaymentSchema>>();
    expectTypeOf<client.HistoryPage>().toEqualTypeOf<z.output<typeof historyPageSchema>>();
    expectTypeOf<client.ProvidersCatalog>().toEqualTypeOf<
      z.output<typeof providersCatalogSchema>
    >();
    expectTypeOf<client.HealthReport>().toEqualTypeOf<z.output<typeof healthReportSchema>>();
    expectTypeOf<client.Problem>().toEqualTypeOf<z.output<typeof problemSchema>>();
    expectTypeOf<client.Checkout>().toEqualTypeOf<z.output<typeof checkoutSchema>>();
    expectTypeOf<client.PaymentsPage>().toEqualTypeOf<z.output<typeof paymentsPageSchema>>();
  });

  it('requests', () => {
    expectTypeOf<client.InitiateRequest>().toEqualTypeOf<z.input<typeof initiateBodySchema>>();
    expectTypeOf<client.RetryRequest>().toEqualTypeOf<z.input<typeof retryBodySchema>>();
    expectTypeOf<client.CreateCheckoutRequest>().toEqualTypeOf<
      z.input<typeof createCheckoutBodySchema>
    >();
  });

  it('what the handlers return is what the schema describes', () => {
    expectTypeOf<PublicPayment>().toEqualTypeOf<z.output<typeof publicPaymentSchema>>();
    expectTypeOf<HistoryPage>().toEqualTypeOf<z.output<typeof historyPageSchema>>();
    expectTypeOf<PaymentsPage>().toEqualTypeOf<z.output<typeof paymentsPageSchema>>();
    expectTypeOf<MerchantCheckout>().toExtend<z.output<typeof checkoutSchema>>();
    expectTypeOf<PublicCheckout>().toExtend<client.PublicCheckout>();
    expectTypeOf<{ countries: ReturnType<typeof catalogByCountry> }>().toExtend<
      z.output<typeof providersCatalogSchema>
    >();
    // Public: the status alone; detailed: the whole report. Both directions for the detailed
    // one, so neither side has a field the other lacks.
    type HealthBody = Awaited<ReturnType<typeof healthAnswer>>['body'];
    expectTypeOf<HealthBody>().toExtend<z.output<typeof healthReportSchema>>();
    expectTypeOf<HealthReport>().toExtend<z.output<typeof healthReportSchema>>();
    expectTypeOf<Required<z.output<typeof healthReportSchema>>>().toExtend<HealthReport>();
  });
});
