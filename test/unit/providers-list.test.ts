import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/providers-list.ts';
import { apiEvent, lambdaContext } from '../support/api-event.ts';

describe('GET providers/', () => {
  it('lists every FeexPay V2 pay-in network of the seven countries', async () => {
    const res = await handler(apiEvent(), lambdaContext);
    expect(res.statusCode).toBe(200);
    const { countries } = JSON.parse(res.body as string);
    expect(countries.map((c: { iso: string }) => c.iso)).toEqual([
      'BJ',
      'TG',
      'CI',
      'SN',
      'BF',
      'CG',
      'ML',
    ]);
    const ids = countries.flatMap((c: { networks: { id: string }[] }) =>
      c.networks.map((n) => n.id),
    );
    expect(ids).toEqual([
      'mtn',
      'moov',
      'celtiis_bj',
      'coris',
      'card',
      'togocom_tg',
      'moov_tg',
      'card',
      'mtn_ci',
      'moov_ci',
      'orange_ci',
      'wave_ci',
      'card',
      'orange_sn',
      'free_sn',
      'wave_sn',
      'card',
      'moov_bf',
      'orange_bf',
      'wave_bf',
      'card',
      'mtn_cg',
      'orange_ml',
      'mobicash_ml',
    ]);
    const congo = countries.find((c: { iso: string }) => c.iso === 'CG');
    expect(congo).toMatchObject({ dialCode: '242', currency: 'XAF', nationalNumberLength: 9 });
    expect(congo.networks[0]).toMatchObject({ minAmount: 100, maxAmount: 2_000_000, flow: 'push' });
  });

  it('lists card payment (Visa, Mastercard, through FeexLink) in the XOF countries that offer it', async () => {
    const res = await handler(apiEvent(), lambdaContext);
    const { countries } = JSON.parse(res.body as string) as {
      countries: { iso: string; currency: string; networks: { id: string; flow: string }[] }[];
    };
    const withCards = countries.filter((c) => c.networks.some((n) => n.id === 'card'));
    expect(withCards.map((c) => c.iso)).toEqual(['BJ', 'TG', 'CI', 'SN', 'BF']);
    expect(withCards.every((c) => c.currency === 'XOF')).toBe(true);
    const card = withCards[0]?.networks.find((n) => n.id === 'card');
    expect(card).toMatchObject({
      name: 'Visa / Mastercard',
      flow: 'card',
      minAmount: 100,
      maxAmount: 2_000_000,
      feePercent: 4.5,
    });
    expect(card).not.toHaveProperty('offeredIn');
  });

  it('is cacheable for a minute (its availability hints move) and honours its ETag with 304', async () => {
    const first = await handler(apiEvent(), lambdaContext);
    const etag = first.headers.etag as string;
    expect(first.headers['cache-control']).toMatch(/max-age=(\d+)/);
    expect(
      Number(/max-age=(\d+)/.exec(first.headers['cache-control'] as string)?.[1]),
    ).toBeGreaterThanOrEqual(60);

    const again = await handler(apiEvent({ headers: { 'if-none-match': etag } }), lambdaContext);
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const weak = await handler(
      apiEvent({ headers: { 'if-none-match': `"other", W/${etag}` } }),
      lambdaContext,
    );
    expect(weak.statusCode).toBe(304);
    const stale = await handler(
      apiEvent({ headers: { 'if-none-match': '"stale"' } }),
      lambdaContext,
    );
    expect(stale.statusCode).toBe(200);
  });
});
