/**
 * The Logs Insights queries the dashboard runs over every function's log group. The functions log
 * JSON (Powertools Logger, shared/logger.ts); the fields named here are the ones docs/runbooks.md
 * ("Before you start") describes.
 */

export interface LogQuery {
  title: string;
  queryLines: string[];
}

/**
 * Cold starts, read from Lambda's REPORT records rather than a metric of our own: no code on the
 * init path. The JSON log format turns REPORT lines into `platform.report` records; the text field
 * `@initDuration` is kept for a log group switched back to text.
 */
export const COLD_STARTS: LogQuery = {
  title: 'Cold starts by function (init duration from the REPORT records)',
  queryLines: [
    'fields coalesce(@initDuration, record.metrics.initDurationMs) as initMs',
    'filter ispresent(initMs)',
    'stats count(*) as coldStarts, avg(initMs) as avgInitMs, max(initMs) as maxInitMs by @log',
    'sort coldStarts desc',
  ],
};

/** The latest errors and warnings of every function, with the ids that lead to the payment. */
export const ERRORS_AND_WARNINGS: LogQuery = {
  title: 'Errors and warnings (latest 50)',
  queryLines: [
    'fields @timestamp, level, message, correlationId, paymentId, reference, error.name',
    'filter level = "ERROR" or level = "WARN"',
    'sort @timestamp desc',
    'limit 50',
  ],
};

/** The JSON fields every record carries, for the dashboard's header. */
export const LOG_FIELDS = ['level', 'message', 'correlationId', 'paymentId', 'reference'] as const;
