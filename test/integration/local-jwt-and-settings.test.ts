/** The local JWT issuer's key handling and the local stack's settings. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalIssuer, loadOrCreateKey } from '../../local/jwt.ts';
import { loadSettings, settingsDoc } from '../../local/settings.ts';

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'feexpay-jwt-'));
  dirs.push(dir);
  return join(dir, 'state');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('local JWT key', () => {
  it('is created once, even by racing callers, and kept private', async () => {
    const dir = freshDir();
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKey(dir)));
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    const file = join(dir, 'jwt-signing-key.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).kid).toBe(keys[0]?.kid);
  });

  it('lets a token minted before the stack starts be accepted by it (same key in the state dir)', async () => {
    const dir = freshDir();
    const config = { stateDir: dir, issuer: 'https://issuer.test/', audience: 'aud' };
    const token = await (await createLocalIssuer(config)).sign('early-user');
    const later = await createLocalIssuer(config);
    expect((await later.verify(token)).sub).toBe('early-user');
  });
});

describe('local settings', () => {
  it('has documented defaults', () => {
    const settings = loadSettings({}, {});
    expect(settings).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      jwtIssuer: 'https://local-issuer.feexpay.invalid/',
      jwtAudience: 'feexpay-payments-api',
      merchantWebhookUrl: undefined,
      simulatorDelayMs: 2000,
      simulatorPort: 0,
      reconcileIntervalSeconds: 10,
      paymentMaxPendingSeconds: 86400,
      rateLimitPerMinute: 100,
      logLevel: 'INFO',
    });
    expect(settings.stateDir).toBe(join(process.cwd(), '.local'));
    expect(settings.feexPayApiKey).toMatch(/^fp_[A-Za-z0-9]{64}$/);
  });

  it('documents every variable it reads, and only those', () => {
    const names = settingsDoc.map((s) => s.name);
    const env = Object.fromEntries(names.map((name) => [name, '']));
    expect(() => loadSettings({}, env)).not.toThrow();
    const source = readFileSync(new URL('../../local/settings.ts', import.meta.url), 'utf8');
    const read = [...source.matchAll(/\(env, '([A-Z_]+)'/g)].map((m) => m[1]);
    read.push('MERCHANT_WEBHOOK_URL');
    expect(new Set(read)).toEqual(new Set(names));
  });

  it('reads the environment and fails on a bad number with the variable named', () => {
    expect(loadSettings({}, { PORT: '4000', LOG_LEVEL: 'debug' })).toMatchObject({
      port: 4000,
      logLevel: 'DEBUG',
    });
    expect(() => loadSettings({}, { PORT: 'abc' })).toThrow(/^PORT must be an integer/);
    expect(() => loadSettings({}, { MERCHANT_WEBHOOK_SECRET: 'nope' })).toThrow(
      /MERCHANT_WEBHOOK_SECRET/,
    );
  });
});
