/**
 * GET admin/export/ (operator scope): the filtered list as CSV, at most 5,000 rows
 * (`x-export-truncated: true` when more matched). Contract: shared/api/admin.ts; use case:
 * shared/back-office/list.ts.
 */
import { adminPaymentsExport } from '../shared/api/admin.ts';
import { exportCsv } from '../shared/back-office/list.ts';
import { routeHandler } from '../shared/http/handler.ts';
import { logger } from '../shared/logger.ts';

export const handler = routeHandler(adminPaymentsExport, async ({ query, userId }) => {
  const now = new Date();
  const { csv, rows, truncated } = await exportCsv(query, now);
  logger.info('Operator exported payments', { operator: userId, rows, truncated });
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '');
  return {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="payments-${stamp}.csv"`,
      'x-export-rows': String(rows),
      'x-export-truncated': String(truncated),
    },
    raw: { body: csv, isBase64Encoded: false },
  };
});
