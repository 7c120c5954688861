/**
 * What the API accepts and answers, by the names its OpenAPI document gives them. The types are
 * generated from docs/openapi.json (client/src/openapi.ts, `npm run openapi`), so they follow the
 * server's contracts and the client needs nothing from the server at run time.
 */
import type { components, operations } from './openapi.ts';

type Schemas = components['schemas'];

export type Payment = Schemas['Payment'];
export type PaymentStatus = Payment['status'];
export type Currency = Payment['currency'];
export type InitiateRequest = Schemas['InitiateRequest'];
export type RetryRequest = Schemas['RetryRequest'];
export type HistoryPage = Schemas['HistoryPage'];
export type HistoryQuery = NonNullable<operations['paymentsHistory']['parameters']['query']>;
export type ProviderNetwork = Schemas['ProviderNetwork'];
export type Flow = ProviderNetwork['flow'];
export type ProviderCountry = Schemas['ProviderCountry'];
export type ProvidersCatalog = Schemas['ProvidersCatalog'];
export type HealthReport = Schemas['HealthReport'];
/** RFC 9457 problem details, as the API sends them. */
export type Problem = Schemas['Problem'];
/** What the service POSTs to your notification endpoint (verify it first: docs/webhooks.md). */
export type PaymentNotification = Schemas['PaymentNotification'];
