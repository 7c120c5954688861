/**
 * `npm run simulator`: the FeexPay simulator alone, configured from the environment:
 * SIMULATOR_PORT (default 4010), SIMULATOR_HOST (default 127.0.0.1), FEEXPAY_API_KEY,
 * FEEXPAY_SHOP_ID (defaults: the local stack's dev values), FEEXPAY_SIMULATOR_DELAY_MS (default
 * 2000), FEEXPAY_WEBHOOK_URL (where webhooks go; none sent when unset). Stops on SIGINT/SIGTERM.
 */
import {
  DEFAULT_API_KEY,
  DEFAULT_SHOP_ID,
  DEFAULT_SIMULATOR_DELAY_MS,
  DEFAULT_SIMULATOR_PORT,
} from './defaults.ts';
import { outcomes } from './outcomes.ts';
import { payoutOutcomes } from './payouts.ts';
import { startFeexPaySimulator } from './server.ts';

function setting(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}

function integerSetting(name: string, fallback: number): number {
  const raw = setting(name, String(fallback));
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a non-negative integer, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

const webhookUrl = process.env.FEEXPAY_WEBHOOK_URL || undefined;
const simulator = await startFeexPaySimulator({
  port: integerSetting('SIMULATOR_PORT', DEFAULT_SIMULATOR_PORT),
  host: setting('SIMULATOR_HOST', '127.0.0.1'),
  apiKey: setting('FEEXPAY_API_KEY', DEFAULT_API_KEY),
  shopId: setting('FEEXPAY_SHOP_ID', DEFAULT_SHOP_ID),
  delayMs: integerSetting('FEEXPAY_SIMULATOR_DELAY_MS', DEFAULT_SIMULATOR_DELAY_MS),
  ...(webhookUrl ? { webhookUrl } : {}),
});

console.log(`FeexPay simulator listening on ${simulator.url} (API: ${simulator.url}/api)`);
console.log(`Webhooks: ${webhookUrl ?? 'none (set FEEXPAY_WEBHOOK_URL)'}`);
console.log('Outcomes by the last two digits of the phone number:');
for (const o of outcomes) console.log(`  ${o.ending}  ${o.description}`);
console.log('Payouts and refunds, by the last two digits of the beneficiary’s number:');
for (const o of payoutOutcomes) console.log(`  ${o.ending}  ${o.description}`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the FeexPay simulator`);
  await simulator.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
