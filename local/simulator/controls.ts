/**
 * The test controls over HTTP, under `/__simulator/`, for tests running in another process
 * (merchants' own tests included): the same operations as the `FeexPaySimulator` object. The
 * README's "Simulator controls" section documents each.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord, parseJson } from '../../shared/feexpay/wire.ts';
import { type Fault, faultProblem } from './faults.ts';
import { readBody, sendJson } from './http.ts';
import type { FeexPaySimulator } from './server.ts';

export const CONTROL_PREFIX = '/__simulator/';

export async function serveControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  simulator: FeexPaySimulator,
  activeFaults: () => Fault[],
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'GET' && path === 'stats') return sendJson(res, 200, simulator.stats());
  if (method === 'GET' && path === 'requests') return sendJson(res, 200, simulator.requests());
  if (method === 'GET' && path === 'transactions') {
    return sendJson(res, 200, simulator.transactions());
  }
  if (method === 'GET' && path === 'payouts') return sendJson(res, 200, simulator.payouts());
  if (method === 'GET' && path === 'balance') {
    return sendJson(res, 200, { balance: simulator.balance() });
  }
  if (method === 'GET' && path === 'feexlinks') return sendJson(res, 200, simulator.feexLinks());
  if (method === 'POST' && path === 'reset') {
    simulator.reset();
    return sendJson(res, 200, { reset: true });
  }
  if (method === 'DELETE' && path === 'faults') {
    simulator.clearFaults();
    return sendJson(res, 200, { faults: [] });
  }
  const body = parseJson(await readBody(req));
  if (method === 'POST' && path === 'faults') {
    const problem = faultProblem(body);
    if (problem) return sendJson(res, 400, { message: problem });
    simulator.injectFault(body as Fault);
    return sendJson(res, 200, { faults: activeFaults() });
  }
  if (method === 'POST' && path === 'webhook-url') {
    const url = isRecord(body) && typeof body.url === 'string' ? body.url : undefined;
    simulator.setWebhookUrl(url);
    return sendJson(res, 200, { webhookUrl: url ?? null });
  }
  if (method === 'POST' && path === 'balance') {
    const amount = isRecord(body) ? body.balance : undefined;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0) {
      return sendJson(res, 400, { message: 'Send {"balance": <non-negative integer>}.' });
    }
    simulator.setBalance(amount);
    return sendJson(res, 200, { balance: amount });
  }
  const payoutSettle = /^payouts\/([^/]+)\/settle$/.exec(path);
  if (method === 'POST' && payoutSettle?.[1]) {
    const wanted = isRecord(body) ? body.status : undefined;
    if (wanted !== 'SUCCESSFUL' && wanted !== 'FAILED') {
      return sendJson(res, 400, { message: 'status must be SUCCESSFUL or FAILED' });
    }
    const reason = isRecord(body) && typeof body.reason === 'string' ? body.reason : undefined;
    const changed = simulator.settlePayout(decodeURIComponent(payoutSettle[1]), wanted, reason);
    return sendJson(res, changed ? 200 : 409, { settled: changed });
  }
  const forgetMatch = /^transactions\/([^/]+)\/(forget|remember)$/.exec(path);
  if (method === 'POST' && forgetMatch?.[1]) {
    const known = simulator.forget(decodeURIComponent(forgetMatch[1]), forgetMatch[2] === 'forget');
    return sendJson(res, known ? 200 : 404, { forgotten: known && forgetMatch[2] === 'forget' });
  }
  const settleMatch = /^transactions\/([^/]+)\/settle$/.exec(path);
  if (method === 'POST' && settleMatch?.[1]) {
    const wanted = isRecord(body) ? body.status : undefined;
    if (wanted !== 'SUCCESSFUL' && wanted !== 'FAILED') {
      return sendJson(res, 400, { message: 'status must be SUCCESSFUL or FAILED' });
    }
    const reason = isRecord(body) && typeof body.reason === 'string' ? body.reason : undefined;
    const changed = simulator.settle(decodeURIComponent(settleMatch[1]), wanted, reason);
    return sendJson(res, changed ? 200 : 409, { settled: changed });
  }
  return sendJson(res, 404, { message: `No simulator control ${method} /__simulator/${path}` });
}
