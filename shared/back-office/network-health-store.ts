/**
 * The network-health item (one, `NETWORK_HEALTH_KEY` in shared/keys.ts): the figures the
 * network-health schedule computes (shared/back-office/network-health.ts), read by the back
 * office and `providers/`. The only module sending DynamoDB commands for it.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../clients/dynamodb.ts';
import * as config from '../config.ts';
import { NETWORK_HEALTH_KEY } from '../keys.ts';
import type { NetworkHealth } from './network-health-model.ts';

/** The figures as last written; undefined before the schedule's first run. */
export async function getNetworkHealth(
  options: { abortSignal?: AbortSignal } = {},
): Promise<NetworkHealth | undefined> {
  const result = await ddb.send(
    new GetCommand({ TableName: config.tableName(), Key: NETWORK_HEALTH_KEY }),
    options.abortSignal ? { abortSignal: options.abortSignal } : {},
  );
  if (!result.Item) return undefined;
  const { pk: _pk, sk: _sk, ...figures } = result.Item;
  return figures as NetworkHealth;
}

/** Replaces the figures (1 PutItem, a few KB). */
export async function putNetworkHealth(figures: NetworkHealth): Promise<void> {
  await ddb.send(
    new PutCommand({ TableName: config.tableName(), Item: { ...NETWORK_HEALTH_KEY, ...figures } }),
  );
}
