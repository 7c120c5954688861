/**
 * GET health/ (public): liveness and dependency checks. 200 when every check passes; 503 naming
 * the failing checks otherwise. Never cached: a load balancer or uptime probe wants the truth now.
 */
import { healthCheck } from '../shared/api/service.ts';
import { checkHealth } from '../shared/health.ts';
import { rawRouteHandler } from '../shared/http/handler.ts';

export const handler = rawRouteHandler(healthCheck, async () => {
  const report = await checkHealth();
  const headers = { 'cache-control': 'no-store' };
  if (report.status === 'ok') return { status: 200, body: report, headers };
  const failing = Object.entries(report.checks)
    .filter(([, result]) => result === 'fail')
    .map(([name]) => name);
  return {
    status: 503,
    body: { ...report, detail: `Failing checks: ${failing.join(', ')}.` },
    headers,
  };
});
