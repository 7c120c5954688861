/**
 * Scheduled (every 5 minutes deployed; every NETWORK_HEALTH_INTERVAL_SECONDS locally): computes
 * the network-health figures from the payments and writes them to their one item, which the back
 * office and providers/ read. See shared/back-office/network-health.ts.
 */
import { computeNetworkHealth } from '../shared/back-office/network-health.ts';
import { putNetworkHealth } from '../shared/back-office/network-health-store.ts';
import { logger } from '../shared/logger.ts';

export const handler = async () => {
  const figures = await computeNetworkHealth();
  await putNetworkHealth(figures);
  logger.info('Network health computed', {
    sampled: figures.sampled,
    today: figures.startedPerDay.at(-1)?.count ?? 0,
  });
  return { sampled: figures.sampled };
};
