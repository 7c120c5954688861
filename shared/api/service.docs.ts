/**
 * Contracts of the routes around the payments, the docs half (runtime half: service.ts). Only
 * lib/openapi.ts imports this.
 */
import type { ContractDocs } from '../http/contract.ts';
import { healthReportSchema, providersCatalogSchema, webhookAckSchema } from './responses.ts';
import {
  apiReference,
  healthCheck,
  openApiDocument,
  providersList,
  webhookReceive,
} from './service.ts';

const cacheable = { ETag: 'ETag', 'Cache-Control': 'CacheControl' } as const;

export const serviceDocs: ContractDocs[] = [
  {
    contract: providersList,
    summary: 'List networks by country',
    description:
      'FeexPay pay-in networks by country: currency, amount bounds, flow (push, redirect, OTP), indicative fees, and an availability hint from this deployment’s own recent payments. Public and cacheable for a minute; send `If-None-Match` to get a 304.',
    tag: 'Catalog',
    responses: {
      200: { description: 'The catalog.', schema: providersCatalogSchema, headers: cacheable },
      304: { description: 'Not modified since the ETag you sent.' },
    },
  },
  {
    contract: healthCheck,
    summary: 'Liveness and dependency checks',
    description:
      'Checks that DynamoDB and Secrets Manager answer, each with a deadline, at most once per 10 s (the result is reused meanwhile). Says only `ok` or `degraded`; which check failed only where the deployment enables it. Never cached by others; no secrets, resource names, or whether the secret is valid, in the answer.',
    tag: 'Operations',
    responses: {
      200: {
        description: 'Every check passed.',
        schema: healthReportSchema,
        example: { status: 'ok' },
      },
      503: {
        description: 'At least one check failed.',
        schema: healthReportSchema,
        example: {
          status: 'degraded',
          checks: { dynamodb: 'ok', secretsManager: 'fail' },
          checkedAt: '2026-11-26T09:40:00.000Z',
        },
      },
    },
  },
  {
    contract: webhookReceive,
    summary: 'FeexPay settlement webhook',
    description:
      'Called by FeexPay, not by merchants. Authenticated by the secret `token` in the registered URL. A webhook is only a hint: the payment changes only after FeexPay’s status endpoint confirms it (docs/webhooks.md).',
    tag: 'FeexPay',
    body: {
      component: 'FeexPayWebhook',
      example: { reference: 'fp-0c9a8e12', status: 'SUCCESSFUL', amount: 2500 },
      // The handler keeps the body as delivered and reads only what it relies on.
      jsonSchema: {
        type: 'object',
        description:
          'FeexPay’s notification, as FeexPay sends it (fields vary; only `reference` is relied on).',
        properties: {
          reference: { type: 'string' },
          status: { type: 'string' },
          amount: { type: 'number' },
        },
        additionalProperties: true,
      },
    },
    responses: {
      200: {
        description: 'Stored and queued (or a duplicate).',
        schema: webhookAckSchema,
        headers: { 'X-Correlation-Id': 'CorrelationId' },
        example: { received: true, duplicate: false },
      },
    },
    errors: ['malformed_json', 'validation_failed', 'payload_too_large'],
  },
  {
    contract: openApiDocument,
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of the API. Cacheable; send `If-None-Match`.',
    tag: 'Documentation',
    responses: {
      200: { description: 'The document.', schema: 'object', headers: cacheable },
      304: { description: 'Not modified since the ETag you sent.' },
    },
  },
  {
    contract: apiReference,
    summary: 'This document as a page',
    description:
      'The OpenAPI document rendered for reading (Redoc), self-contained: it loads nothing from elsewhere. Gzipped when the client accepts it; cacheable, send `If-None-Match`.',
    tag: 'Documentation',
    responses: {
      200: { description: 'The page.', schema: 'html', headers: cacheable },
      304: { description: 'Not modified since the ETag you sent.' },
    },
  },
];
