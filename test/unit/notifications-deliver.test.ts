/**
 * `deliverNotification` (shared/notifications/deliver.ts) alone: what one signed POST reports for
 * a merchant that answers 2xx, non-2xx, 410, too slowly, or for a target the SSRF guard refuses.
 * The merchant is a local HTTP server (loopback targets need `allowPrivate`, as in the local stack).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deliverNotification,
  notificationBody,
  signatureHeader,
} from '../../shared/notifications/deliver.ts';
import type { NotificationMessage } from '../../shared/payments/model.ts';

const SECRET = `whsec_${Buffer.from('unit-merchant-signing-secret-001').toString('base64')}`;
const message: NotificationMessage = {
  webhookId: 'evt_pay_unit_succeeded',
  type: 'payment.succeeded',
  timestamp: '2026-03-01T12:00:00.000Z',
  data: {
    id: 'pay_unit',
    status: 'SUCCESSFUL',
    amount: 1500,
    currency: 'XOF',
    network: 'mtn',
    phoneNumber: '229******0000',
    createdAt: '2026-03-01T11:59:00.000Z',
    updatedAt: '2026-03-01T12:00:00.000Z',
  },
};

let server: Server;
let base: string;
const received: { headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 200);
    if (req.url?.startsWith('/hang')) return; // never answers
    res.writeHead(status).end('ignored body');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

const local = { allowPrivate: true };

describe('deliverNotification', () => {
  it('POSTs a body and headers the merchant verifies with standardwebhooks; 2xx is delivered', async () => {
    const now = new Date();
    const result = await deliverNotification(`${base}/ok`, SECRET, message, { ...local, now });
    expect(result).toEqual({ delivered: true, httpStatus: 200, gone: false, blocked: false });
    const last = received.at(-1);
    expect(last?.body).toBe(notificationBody(message));
    expect(last?.headers['webhook-id']).toBe(message.webhookId);
    expect(last?.headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    const verified = new Webhook(SECRET).verify(
      last?.body ?? '',
      last?.headers as Record<string, string>,
    );
    expect(verified).toEqual({
      type: message.type,
      timestamp: message.timestamp,
      data: message.data,
    });
  });

  it('reports a non-2xx answer as not delivered, with its status; 410 as gone', async () => {
    expect(await deliverNotification(`${base}/x?status=503`, SECRET, message, local)).toEqual({
      delivered: false,
      httpStatus: 503,
      gone: false,
      blocked: false,
    });
    expect(await deliverNotification(`${base}/x?status=302`, SECRET, message, local)).toMatchObject(
      {
        delivered: false,
        httpStatus: 302,
      },
    );
    expect(await deliverNotification(`${base}/x?status=410`, SECRET, message, local)).toMatchObject(
      {
        delivered: false,
        httpStatus: 410,
        gone: true,
      },
    );
  });

  it('gives up on a merchant that does not answer within the timeout', async () => {
    const started = Date.now();
    const result = await deliverNotification(`${base}/hang`, SECRET, message, {
      ...local,
      timeoutMs: 300,
    });
    expect(result).toEqual({ delivered: false, gone: false, blocked: false, error: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a refused connection as a retryable failure, not a block', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await deliverNotification(`http://127.0.0.1:${port}/`, SECRET, message, local);
    expect(result).toMatchObject({ delivered: false, blocked: false, gone: false });
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it.each([
    ['plain http', `http://example.com/hooks`],
    ['a loopback literal', 'https://127.0.0.1/hooks'],
    ['the metadata address', 'https://169.254.169.254/latest/meta-data/'],
    ['a private address', 'https://10.0.0.7/hooks'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/hooks'],
    ['credentials in the URL', 'https://user:pass@example.com/hooks'],
    ['not a URL', 'hooks.example.com/path'],
  ])('blocks %s without sending anything', async (_what, url) => {
    const before = received.length;
    const result = await deliverNotification(url, SECRET, message);
    expect(result).toMatchObject({ delivered: false, blocked: true, gone: false });
    expect(result.error).toBeTruthy();
    expect(received.length).toBe(before);
  });

  it('blocks a host name that resolves to a loopback address (checked at connect time)', async () => {
    const result = await deliverNotification('https://localhost/hooks', SECRET, message);
    expect(result).toMatchObject({ delivered: false, blocked: true });
  });
});

describe('rotating the merchant signing secret', () => {
  const OLD = SECRET;
  const NEW = `whsec_${Buffer.from('unit-merchant-signing-secret-NEW').toString('base64')}`;
  const OTHER = `whsec_${Buffer.from('unit-merchant-signing-secret-zzz').toString('base64')}`;

  it('signs with both secrets during the overlap: a merchant verifying with either accepts it', async () => {
    const result = await deliverNotification(`${base}/ok`, [NEW, OLD], message, local);
    expect(result.delivered).toBe(true);
    const last = received.at(-1);
    const headers = last?.headers as Record<string, string>;
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    for (const secret of [OLD, NEW]) {
      expect(new Webhook(secret).verify(last?.body ?? '', headers)).toMatchObject({
        type: message.type,
      });
    }
    // A secret that is neither still fails: the second signature opens no door.
    expect(() => new Webhook(OTHER).verify(last?.body ?? '', headers)).toThrow();
  });

  it('signs with the new secret alone once the previous one is removed', async () => {
    await deliverNotification(`${base}/ok`, [NEW], message, local);
    const last = received.at(-1);
    const headers = last?.headers as Record<string, string>;
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(1);
    expect(() => new Webhook(NEW).verify(last?.body ?? '', headers)).not.toThrow();
    expect(() => new Webhook(OLD).verify(last?.body ?? '', headers)).toThrow();
  });

  it('writes each signature once, the current secret first', () => {
    const at = new Date('2026-03-01T12:00:00Z');
    const one = signatureHeader(NEW, 'msg_1', at, '{}');
    expect(signatureHeader([NEW, NEW], 'msg_1', at, '{}')).toBe(one);
    expect(signatureHeader([NEW, OLD], 'msg_1', at, '{}').startsWith(`${one} v1,`)).toBe(true);
  });
});
