/**
 * The client's types (client/src/types.ts, generated from docs/openapi.json) are the zod schemas'
 * types: a change on either side that the other does not follow (a stale `npm run openapi`
 * included) fails `npm run typecheck` (and this file).
 */
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import type * as client from '../../client/src/index.ts';
import type {
  healthReportSchema,
  historyPageSchema,
  problemSchema,
  providersCatalogSchema,
  publicPaymentSchema,
} from '../../shared/api/responses.ts';
import type { HealthReport, healthAnswer } from '../../shared/health.ts';
import type { HistoryPage } from '../../shared/payments/history.ts';
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
  });

  it('requests', () => {
    expectTypeOf<client.InitiateRequest>().toEqualTypeOf<z.input<typeof initiateBodySchema>>();
    expectTypeOf<client.RetryRequest>().toEqualTypeOf<z.input<typeof retryBodySchema>>();
  });

  it('what the handlers return is what the schema describes', () => {
    expectTypeOf<PublicPayment>().toEqualTypeOf<z.output<typeof publicPaymentSchema>>();
    expectTypeOf<HistoryPage>().toEqualTypeOf<z.output<typeof historyPageSchema>>();
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
