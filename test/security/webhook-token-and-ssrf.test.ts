/**
 * Unit-level security contracts:
 * - the webhook token comparison (shared/webhooks/token.ts) is constant-time by construction: it
 *   always hands `timingSafeEqual` two SHA-256 digests of equal length, whatever the inputs'
 *   lengths, so it cannot short-circuit on length or on the first differing byte. (A behavioural
 *   timing test would be flaky; this tests the property that makes timing flat.)
 * - SSRF guard cases not already in test/unit/ssrf-url-guard.test.ts: the URL spellings attackers
 *   use to reach loopback, metadata and private ranges (decimal, hex, octal, short forms, IPv6
 *   literals, trailing dots), and a real resolution of `localhost`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BlockedTargetError,
  checkTargetUrl,
  resolvePublicAddresses,
} from '../../shared/notifications/url-guard.ts';
import { tokenMatches } from '../../shared/webhooks/token.ts';

const compared: Array<[number, number]> = [];

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return {
    ...original,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.push([a.byteLength, b.byteLength]);
      return original.timingSafeEqual(a, b);
    },
  };
});

afterEach(() => {
  compared.length = 0;
});

describe('webhook token comparison', () => {
  const expected = 'local-webhook-token-0123456789abcdef';

  it.each([
    ['the same token', expected, true],
    ['a prefix of it', expected.slice(0, 10), false],
    ['it plus one character', `${expected}x`, false],
    ['one character changed at the end', `${expected.slice(0, -1)}0`, false],
    ['one character changed at the start', `X${expected.slice(1)}`, false],
    ['a much longer value', expected.repeat(50), false],
    ['a one-character value', 'l', false],
    ['different case', expected.toUpperCase(), false],
    ['unicode look-alike', expected.replace('o', 'о'), false],
  ])('%s → %s, compared as two 32-byte digests', (_name, given, result) => {
    expect(tokenMatches(given, expected)).toBe(result);
    // Exactly one comparison, always of equal-length digests: no early exit on length.
    expect(compared).toEqual([[32, 32]]);
  });

  it('a missing or empty token is refused (and an empty expected token never matches)', () => {
    expect(tokenMatches(undefined, expected)).toBe(false);
    expect(tokenMatches('', expected)).toBe(false);
    expect(tokenMatches('', '')).toBe(false);
    expect(tokenMatches('anything', '')).toBe(false);
  });
});

describe('SSRF guard: spellings of private targets in notification URLs', () => {
  it.each([
    'https://[::1]/hook',
    'https://[0:0:0:0:0:0:0:1]/hook',
    'https://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'https://[::ffff:169.254.169.254]/',
    'https://[fd00:ec2::254]/latest/meta-data/',
    'https://2130706433/', // 127.0.0.1 as one decimal number
    'https://0x7f000001/', // hex
    'https://0177.0.0.1/', // octal
    'https://127.1/', // short form
    'https://10.1/',
    'https://192.168.0.1./', // trailing dot
    'https://172.20.10.5:8443/hook',
    'https://0.0.0.0/',
    'https://[fe80::1]/',
    'https://100.100.100.200/', // Alibaba-style metadata inside CGNAT space
  ])('refuses %s', (url) => {
    expect(() => checkTargetUrl(url)).toThrow(BlockedTargetError);
  });

  it.each(['http://example.com/hook', 'ftp://example.com/', 'file:///etc/passwd', 'gopher://x/'])(
    'refuses the non-https scheme in %s',
    (url) => {
      expect(() => checkTargetUrl(url)).toThrow(BlockedTargetError);
    },
  );

  it('refuses `localhost` after really resolving it (loopback, v4 or v6)', async () => {
    await expect(resolvePublicAddresses('localhost')).rejects.toThrow(BlockedTargetError);
  });

  it('allows a public IP literal over https', () => {
    expect(checkTargetUrl('https://93.184.215.14/hook').hostname).toBe('93.184.215.14');
  });
});
