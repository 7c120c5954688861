/**
 * The availability hint `providers/` gives per network (docs/back-office.md, "Network health"):
 * the network-health item's figures, read at most once a minute per execution environment, with
 * a short deadline. The catalog never waits on, or fails because of, its hint: on any error it is
 * served without one.
 */
import { logger } from '../logger.ts';
import { availabilityOf, type NetworkHealth } from './network-health-model.ts';
import { getNetworkHealth } from './network-health-store.ts';

/** How long the figures are kept in memory (the schedule rewrites them every 5 minutes). */
export const HINT_MAX_AGE_MS = 60_000;
/** How long the catalog waits for the figures before it is served without them. */
export const HINT_DEADLINE_MS = 300;

let cache: { at: number; health: NetworkHealth | undefined } | undefined;

export async function recentHealth(now = Date.now()): Promise<NetworkHealth | undefined> {
  if (cache && now - cache.at < HINT_MAX_AGE_MS) return cache.health;
  let health: NetworkHealth | undefined;
  try {
    health = await getNetworkHealth({ abortSignal: AbortSignal.timeout(HINT_DEADLINE_MS) });
  } catch (error) {
    logger.warn('Network health unavailable: providers served without hints', { error });
  }
  cache = { at: now, health };
  return health;
}

/** The catalog with each network's hint, where the figures know the network. */
export function withAvailability<C extends { networks: { id: string }[] }>(
  countries: readonly C[],
  health: NetworkHealth | undefined,
): C[] {
  if (!health) return [...countries];
  const byId = new Map(health.networks.map((n) => [n.network, n] as const));
  return countries.map((country) => ({
    ...country,
    networks: country.networks.map((network) => {
      const figures = byId.get(network.id);
      return figures
        ? { ...network, availability: availabilityOf(figures, health.computedAt) }
        : network;
    }),
  }));
}

/** Tests: forget the cached figures. */
export function resetAvailabilityCache(): void {
  cache = undefined;
}
