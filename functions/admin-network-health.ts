/**
 * GET admin/networks/ (operator scope): network health from our own data, as the network-health
 * schedule last computed it. Contract: shared/api/admin.ts; model:
 * shared/back-office/network-health-model.ts.
 */
import { adminNetworkHealth } from '../shared/api/admin.ts';
import { getNetworkHealth } from '../shared/back-office/network-health-store.ts';
import { rawRouteHandler } from '../shared/http/handler.ts';

export const handler = rawRouteHandler(adminNetworkHealth, async () => ({
  status: 200,
  body: (await getNetworkHealth()) ?? {
    computedAt: null,
    networks: [],
    startedPerDay: [],
    sampled: false,
  },
}));
