/**
 * GET health/ (public): 200 `{"status":"ok"}` or 503 `{"status":"degraded"}`, from dependency
 * checks cached for 10 s (shared/health.ts). Which check failed, and when they ran, only with the
 * stage's `healthDetail` setting. Never cached by anyone else: a probe wants the truth now.
 */
import { healthCheck } from '../shared/api/service.ts';
import * as config from '../shared/config.ts';
import { healthAnswer } from '../shared/health.ts';
import { rawRouteHandler } from '../shared/http/handler.ts';

export const handler = rawRouteHandler(healthCheck, async () => ({
  ...(await healthAnswer({ detailed: config.healthDetail() })),
  headers: { 'cache-control': 'no-store' },
}));
