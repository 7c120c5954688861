import { promises as dns } from 'node:dns';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BlockedTargetError,
  checkTargetUrl,
  guardedLookup,
  isPublicAddress,
  resolvePublicAddresses,
} from '../../shared/notifications/url-guard.ts';

describe('isPublicAddress', () => {
  it.each([
    ['10.1.2.3', 'RFC 1918 10/8'],
    ['172.16.0.1', 'RFC 1918 172.16/12'],
    ['172.31.255.255', 'RFC 1918 172.16/12 upper edge'],
    ['192.168.1.1', 'RFC 1918 192.168/16'],
    ['127.0.0.1', 'loopback v4'],
    ['127.8.9.10', 'loopback v4 (whole /8)'],
    ['::1', 'loopback v6'],
    ['169.254.169.254', 'cloud metadata (link-local)'],
    ['169.254.1.1', 'link-local v4'],
    ['fe80::1', 'link-local v6'],
    ['fd12:3456::1', 'unique-local v6'],
    ['100.64.0.1', 'CGNAT'],
    ['0.0.0.0', 'unspecified v4'],
    ['::', 'unspecified v6'],
    ['224.0.0.1', 'multicast v4'],
    ['ff02::1', 'multicast v6'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata in hex form'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['not-an-ip', 'not an address at all'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe('checkTargetUrl', () => {
  it('requires https in production mode', () => {
    expect(() => checkTargetUrl('http://merchant.example/hook')).toThrow(BlockedTargetError);
    expect(checkTargetUrl('https://merchant.example/hook').hostname).toBe('merchant.example');
  });

  it('refuses IP-literal hosts that are not public, v4 and v6', () => {
    expect(() => checkTargetUrl('https://169.254.169.254/latest/meta-data')).toThrow(/non-public/);
    expect(() => checkTargetUrl('https://[::1]:8443/')).toThrow(/non-public/);
    expect(() => checkTargetUrl('https://10.0.0.5/')).toThrow(/non-public/);
  });

  it('refuses credentials in the URL and garbage', () => {
    expect(() => checkTargetUrl('https://user:pw@merchant.example/')).toThrow(/credentials/);
    expect(() => checkTargetUrl('not a url')).toThrow(BlockedTargetError);
    expect(() => checkTargetUrl('ftp://merchant.example/')).toThrow(/https/);
  });

  it('lets the local stack use http and loopback', () => {
    expect(checkTargetUrl('http://127.0.0.1:9999/hook', { allowPrivate: true }).port).toBe('9999');
  });
});

describe('resolvePublicAddresses', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('refuses a host name that resolves to a private address', async () => {
    vi.spyOn(dns, 'lookup').mockResolvedValue([{ address: '192.168.0.10', family: 4 }] as never);
    await expect(resolvePublicAddresses('internal.merchant.example')).rejects.toThrow(/non-public/);
  });

  it('refuses when any one of several addresses is private', async () => {
    vi.spyOn(dns, 'lookup').mockResolvedValue([
      { address: '93.184.215.14', family: 4 },
      { address: 'fd00::1', family: 6 },
    ] as never);
    await expect(resolvePublicAddresses('mixed.merchant.example')).rejects.toThrow(
      BlockedTargetError,
    );
  });

  it('allows a host name that resolves only to public addresses', async () => {
    vi.spyOn(dns, 'lookup').mockResolvedValue([{ address: '93.184.215.14', family: 4 }] as never);
    await expect(resolvePublicAddresses('merchant.example')).resolves.toEqual([
      { address: '93.184.215.14', family: 4 },
    ]);
  });
});

describe('guardedLookup', () => {
  it('stops a real connection to localhost before any byte is sent', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits += 1;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const outcome = await new Promise<string>((resolve) => {
        const req = request(`http://localhost:${port}/`, { lookup: guardedLookup() as never });
        req.on('error', (error) => resolve(error.message));
        req.on('response', () => resolve('connected'));
        req.end();
      });
      expect(outcome).toMatch(/non-public/);
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  });
});
