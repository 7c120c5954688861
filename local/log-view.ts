/**
 * How `npm start` shows the handlers' logs. Deployed, each function writes one JSON record per
 * line (Powertools Logger) plus EMF metric records, and CloudWatch reads them; on a laptop that is
 * a wall of JSON. So, locally only, the stack's own stdout and stderr are read line by line and:
 *
 * - a log record becomes one readable line:
 *   `12:00:01 INFO  PaymentsInitiate Payment created paymentId=… network=mtn`
 *   (local time, level, the function that wrote it, the message, then the other fields);
 * - an EMF metric record is hidden, or with `metrics` shown as
 *   `12:00:01 METRIC PaymentsInitiate PaymentInitiated=1 network=mtn`;
 * - with `json`, records pass unchanged, as deployed (metrics still only when asked);
 * - any other line passes unchanged.
 *
 * Nothing here runs in a deployed function: the handlers and their logger are not changed.
 */
import { styleText } from 'node:util';

export interface LogViewOptions {
  /** Records as deployed (one JSON object per line). */
  json: boolean;
  /** Show EMF metric records too. */
  metrics: boolean;
  /** The function whose invocation is writing now (local/lambda.ts `currentFunctionId`). */
  functionId?: () => string | undefined;
  /** Colour the level (when writing to a terminal). */
  color?: boolean;
}

/** Fields every record carries that the readable line shows otherwise or leaves out. */
const SHOWN_OR_NOISE = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'sampling_rate',
  'xray_trace_id',
  'cold_start',
  'function_name',
  'function_arn',
  'function_memory_size',
  'function_request_id',
]);

const LEVEL_COLOR: Record<string, Parameters<typeof styleText>[0]> = {
  WARN: 'yellow',
  ERROR: 'red',
  CRITICAL: 'red',
  DEBUG: 'gray',
  METRIC: 'cyan',
};

function clock(timestamp: unknown): string {
  const date =
    typeof timestamp === 'string' || typeof timestamp === 'number'
      ? new Date(timestamp)
      : new Date();
  const valid = Number.isNaN(date.getTime()) ? new Date() : date;
  return valid.toTimeString().slice(0, 8);
}

/** `key=value`, quoted when the value has spaces or quotes. */
function field(key: string, value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const error = value as { name?: unknown; message?: unknown; location?: unknown };
    if (typeof error.message === 'string' && typeof error.name === 'string') {
      const where = typeof error.location === 'string' ? ` at ${error.location}` : '';
      return `${key}=${JSON.stringify(`${error.name}: ${error.message}${where}`)}`;
    }
    return `${key}=${JSON.stringify(value)}`;
  }
  const text = String(value);
  return `${key}=${text === '' || /[\s"=]/.test(text) ? JSON.stringify(text) : text}`;
}

function record(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{') || !line.endsWith('}')) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function isMetric(value: Record<string, unknown>): boolean {
  return typeof value._aws === 'object' && value._aws !== null;
}

function isLogRecord(value: Record<string, unknown>): boolean {
  return typeof value.level === 'string' && 'message' in value && 'timestamp' in value;
}

function metricLine(value: Record<string, unknown>, fn: string, options: LogViewOptions): string {
  const aws = value._aws as {
    Timestamp?: number;
    CloudWatchMetrics?: { Metrics?: { Name: string }[]; Dimensions?: string[][] }[];
  };
  const directive = aws.CloudWatchMetrics?.[0];
  const names = (directive?.Metrics ?? []).map((m) => m.Name);
  const dimensions = [...new Set((directive?.Dimensions ?? []).flat())].filter(
    (d) => d !== 'service',
  );
  const parts = [
    ...names.map((name) => field(name, value[name])),
    ...dimensions.map((d) => field(d, value[d])),
  ];
  return [clock(aws.Timestamp), level('METRIC', options), fn, ...parts].filter(Boolean).join(' ');
}

function level(name: string, options: LogViewOptions): string {
  const padded = name.padEnd(5);
  const color = LEVEL_COLOR[name];
  return options.color && color ? styleText(color, padded) : padded;
}

/**
 * One line as the view shows it: the new text, `null` to hide it, or the line itself when it is
 * not a record.
 */
export function viewLine(line: string, options: LogViewOptions): string | null {
  const value = record(line.trim());
  if (!value) return line;
  const fn = options.functionId?.() ?? '';
  if (isMetric(value)) {
    if (!options.metrics) return null;
    return options.json ? line : metricLine(value, fn, options);
  }
  if (options.json || !isLogRecord(value)) return line;
  const rest = Object.entries(value)
    .filter(([key, v]) => !SHOWN_OR_NOISE.has(key) && v !== undefined)
    .map(([key, v]) => field(key, v));
  return [
    clock(value.timestamp),
    level(String(value.level), options),
    fn,
    String(value.message),
    ...rest,
  ]
    .filter(Boolean)
    .join(' ');
}

/** Applies `viewLine` to each line of a chunk (records arrive as whole lines). */
export function viewChunk(chunk: string, options: LogViewOptions): string {
  const lines = chunk.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const last = i === lines.length - 1;
    if (last && line === '') return;
    const shown = viewLine(line, options);
    if (shown !== null) out.push(`${shown}${last ? '' : '\n'}`);
  });
  return out.join('');
}

/**
 * Routes this process's stdout and stderr through the view. Returns a function that restores
 * them. Only `bin/local.ts` calls it; tests call `viewLine` / `viewChunk`.
 */
export function installLogView(options: LogViewOptions): () => void {
  const restore: (() => void)[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'string' || !chunk.includes('{')) return write(chunk, ...rest);
      const shown = viewChunk(chunk, options);
      if (shown === '') {
        // Hidden: still honour a callback, as a write would.
        const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }
      return write(shown, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = write as typeof stream.write;
    });
  }
  return () => {
    for (const undo of restore) undo();
  };
}
