/**
 * The performance targets the bench reports against, as docs/performance.md ("Targets") states
 * them. The bundle budgets are with the bundle options (lib/bundling.ts `BUNDLE_BUDGET_KB`).
 */
export const TARGETS = {
  /** Our handler's own overhead, I/O excluded, p99 per route (milliseconds). */
  warmP99Ms: 5,
  /** DynamoDB requests per operation, by the bench's flow name. */
  requests: {
    initiate: '≤ 2 writes',
    'idempotent replay': '1',
    'status (settled)': '1',
    'webhook ingest (receiver)': '1 write',
  } as Record<string, string>,
  /** All-in cost per million payments (USD). */
  costPerMillionUsd: 12,
  /** The hosted page on a slow 3G phone: until the customer can type a number (milliseconds). */
  pageReadyMs: 3000,
} as const;
