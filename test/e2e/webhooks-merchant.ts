/**
 * A test merchant endpoint: verifies every delivery with the public `standardwebhooks` package
 * (exactly as a merchant would), records it, and answers as told by the payment's
 * `metadata.merchantMode`: `ok` (200), `fail3` (500 three times, then 200), `always500`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface MerchantDelivery {
  webhookId: string;
  type: string;
  paymentId: string;
  status: string;
  verified: boolean;
  answered: number;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
}

export interface TestMerchant {
  url: string;
  deliveries: MerchantDelivery[];
  /** Deliveries answered 2xx for a payment. */
  accepted(paymentId: string): MerchantDelivery[];
  close(): Promise<void>;
}

export async function startTestMerchant(secret: string): Promise<TestMerchant> {
  const verifier = new Webhook(secret);
  const deliveries: MerchantDelivery[] = [];
  const failuresSoFar = new Map<string, number>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let verified = false;
    let body = JSON.parse(raw) as MerchantDelivery['body'];
    try {
      body = verifier.verify(raw, req.headers as Record<string, string>) as typeof body;
      verified = true;
    } catch {
      verified = false;
    }
    const paymentId = String(body.data.id);
    const mode =
      (body.data.metadata as { merchantMode?: string } | undefined)?.merchantMode ?? 'ok';
    let answer = verified ? 200 : 401;
    if (verified && mode === 'always500') answer = 500;
    if (verified && mode === 'fail3') {
      const failed = failuresSoFar.get(paymentId) ?? 0;
      if (failed < 3) {
        failuresSoFar.set(paymentId, failed + 1);
        answer = 500;
      }
    }
    deliveries.push({
      webhookId: String(req.headers['webhook-id']),
      type: body.type,
      paymentId,
      status: String(body.data.status),
      verified,
      answered: answer,
      body,
    });
    res.writeHead(answer).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/feexpay`,
    deliveries,
    accepted: (id) => deliveries.filter((d) => d.paymentId === id && d.answered < 300),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
