/**
 * Contracts of the routes around the payments, the runtime half (docs half: service.docs.ts):
 * the network catalog, health, this API's own document, and FeexPay's webhook. None reads a
 * request through its contract: they take no input, or (the webhook) keep the body as delivered.
 */
import * as rows from '../../lib/routes.ts';
import type { Contract } from '../http/contract.ts';

export const providersList = { route: rows.providersList } satisfies Contract;

export const healthCheck = { route: rows.healthCheck } satisfies Contract;

export const openApiDocument = { route: rows.openApiDocument } satisfies Contract;

export const apiReference = { route: rows.apiReference } satisfies Contract;

export const webhookReceive = { route: rows.webhookReceive } satisfies Contract;
