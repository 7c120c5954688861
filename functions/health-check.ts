/**
 * GET health/ — liveness and dependency checks (public). 200 when every check passes; 503 naming
 * the failing checks otherwise. Never cached: a load balancer or uptime probe wants the truth now.
 */
import { checkHealth } from '../shared/health.ts';
import { httpHandler } from '../shared/http.ts';

export const handler = httpHandler({}, async () => {
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
