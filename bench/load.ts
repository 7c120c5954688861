/**
 * Load run: autocannon drives a mixed workload against the local stack (started in its own
 * process): each connection cycles GET providers, POST initiate (a unique Idempotency-Key, phone
 * ending 00, so FeexPay's simulator approves and the webhook, processor and notifier run in the
 * background), GET {id}/status and GET history. Any non-2xx answer or socket error is an error.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

export interface LoadReport {
  durationSeconds: number;
  connections: number;
  requests: number;
  throughputRps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export async function runLoad(durationSeconds = 20, connections = 10): Promise<LoadReport> {
  const child = spawn(process.execPath, [resolve(import.meta.dirname, 'stack-child.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const ready = await new Promise<{ apiUrl: string; token: string }>((resolveReady, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        try {
          resolveReady(JSON.parse(line));
        } catch {
          // Not our line.
        }
      });
      child.once('exit', (code) =>
        reject(new Error(`stack process exited (${code}) before it was ready`)),
      );
    });
    const auth = { authorization: `Bearer ${ready.token}` };
    const first = await fetch(`${ready.apiUrl}/initiate`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        amount: 1500,
        currency: 'XOF',
        network: 'mtn',
        phoneNumber: '2290166000000',
      }),
    });
    const paymentId = String(((await first.json()) as { id: string }).id);
    const base = new URL(ready.apiUrl).pathname;
    const result = await autocannon({
      url: new URL(ready.apiUrl).origin,
      connections,
      duration: durationSeconds,
      requests: [
        { method: 'GET', path: `${base}/providers` },
        {
          method: 'POST',
          path: `${base}/initiate`,
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            amount: 1500,
            currency: 'XOF',
            network: 'mtn',
            phoneNumber: '2290166000000',
          }),
          setupRequest: (request) => ({
            ...request,
            headers: { ...request.headers, 'idempotency-key': randomUUID() },
          }),
        },
        { method: 'GET', path: `${base}/${paymentId}/status`, headers: auth },
        { method: 'GET', path: `${base}/history?limit=20`, headers: auth },
      ],
    });
    const statusCodes: Record<string, number> = {};
    for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
      statusCodes[code] = (stats as { count: number }).count;
    }
    return {
      durationSeconds,
      connections,
      requests: result.requests.total,
      throughputRps: result.requests.average,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      latencyMaxMs: result.latency.max,
      errors: result.errors,
      non2xx: result.non2xx,
      timeouts: result.timeouts,
      statusCodes,
    };
  } finally {
    child.kill('SIGTERM');
    // The stack stops within a few seconds; if it does not, this process's own child is killed.
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await new Promise((r) => child.once('exit', r));
    clearTimeout(force);
  }
}
