/**
 * GET history/ (JWT): the caller's payments, newest first, cursor pagination, optional status filter.
 */
import { httpHandler } from '../shared/http.ts';
import { listHistory } from '../shared/payments/history.ts';
import { historyQuerySchema } from '../shared/payments/schemas.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';

export const handler = httpHandler(
  { auth: true, query: historyQuerySchema },
  async ({ query, userId }) => {
    await enforceRateLimit(userId);
    return { status: 200, body: await listHistory(userId, query) };
  },
);
