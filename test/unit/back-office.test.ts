/**
 * The back office's domain pieces, one module at a time: the keyed phone hash and the forms a
 * typed number can be, the CSV cells, the network figures and the availability hint, the secret's
 * phone-lookup key, the page's texts in both languages and its Content-Security-Policy.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withAvailability } from '../../shared/back-office/availability.ts';
import { csvCell, matches } from '../../shared/back-office/list.ts';
import { figuresOf, median } from '../../shared/back-office/network-health.ts';
import {
  availabilityOf,
  type NetworkFigures,
  type WindowFigures,
} from '../../shared/back-office/network-health-model.ts';
import { MESSAGES } from '../../shared/back-office/page/messages.ts';
import { CONTENT_SECURITY_POLICY, PAGE } from '../../shared/back-office/page/page.ts';
import { phoneHash } from '../../shared/back-office/phone.ts';
import { phoneCandidates } from '../../shared/back-office/search.ts';
import type { Payment } from '../../shared/payments/model.ts';
import { secretProblems } from '../../shared/secrets.ts';

const KEY = 'a-phone-lookup-key-of-32-characters!!';

describe('the keyed phone hash', () => {
  it('is the same for the same digits however they are written, and never holds them', () => {
    const hash = phoneHash('2290166000000', KEY);
    expect(phoneHash('229 01 66 00 00 00', KEY)).toBe(hash);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain('0166');
  });

  it('depends on the key: without it, a guess cannot be tested', () => {
    expect(phoneHash('2290166000000', `${KEY}x`)).not.toBe(phoneHash('2290166000000', KEY));
    expect(phoneHash('2290166000001', KEY)).not.toBe(phoneHash('2290166000000', KEY));
  });
});

describe('the forms a typed phone number can be', () => {
  it('reads a number with +, spaces and dashes, or without its dial code, in every country it fits', () => {
    expect(phoneCandidates('+229 01 66 00 00 00')).toEqual(['2290166000000']);
    expect(phoneCandidates('00229-01-66-00-00-00')).toEqual(['2290166000000']);
    // Ten national digits: a Beninese number, or an Ivorian one.
    expect(phoneCandidates('0166000000')).toEqual(
      expect.arrayContaining(['2290166000000', '2250166000000']),
    );
    expect(phoneCandidates('pay_abc')).toEqual([]);
    expect(phoneCandidates('12')).toEqual([]);
  });
});

describe('CSV cells', () => {
  it('quotes what needs quoting and defuses what a spreadsheet would run', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(2500)).toBe('2500');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+33')).toBe("'+33");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM')).toBe("'@SUM");
  });
});

function payment(fields: Partial<Payment>): Payment {
  return {
    id: 'pay_x',
    status: 'SUCCESSFUL',
    amount: 1000,
    currency: 'XOF',
    network: 'mtn',
    phoneNumber: '2290166000000',
    createdAt: '2026-05-04T10:00:00.000Z',
    updatedAt: '2026-05-04T10:00:30.000Z',
    ownerId: 'u',
    events: [],
    ...fields,
  } as Payment;
}

describe('the list filters', () => {
  it('keep a payment only when status, network and amount all match', () => {
    const p = payment({ amount: 2500 });
    expect(matches({})(p)).toBe(true);
    expect(
      matches({ status: 'SUCCESSFUL', network: 'mtn', minAmount: 2500, maxAmount: 2500 })(p),
    ).toBe(true);
    expect(matches({ status: 'FAILED' })(p)).toBe(false);
    expect(matches({ network: 'moov' })(p)).toBe(false);
    expect(matches({ minAmount: 2501 })(p)).toBe(false);
    expect(matches({ maxAmount: 2499 })(p)).toBe(false);
  });
});

describe('network figures', () => {
  it('count started, settled and successful payments; the rate is of settled ones; the median time is to success', () => {
    const figures = figuresOf([
      payment({
        events: [
          {
            at: '2026-05-04T10:00:10.000Z',
            type: 'status_changed',
            source: 'webhook',
            to: 'SUCCESSFUL',
          },
        ],
        // A later write (a notification attempt) does not move the success time.
        updatedAt: '2026-05-04T11:00:00.000Z',
      }),
      payment({}),
      payment({}),
      payment({ status: 'FAILED' }),
      payment({ status: 'PENDING' }),
    ]);
    expect(figures).toEqual({
      started: 5,
      settled: 4,
      successful: 3,
      successRate: 0.75,
      medianSecondsToSuccess: 30,
    });
    expect(figuresOf([])).toEqual({
      started: 0,
      settled: 0,
      successful: 0,
      successRate: null,
      medianSecondsToSuccess: null,
    });
  });

  it('median: the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('the availability hint', () => {
  const window = (settled: number, successful: number): WindowFigures => ({
    started: settled,
    settled,
    successful,
    successRate: settled ? successful / settled : null,
    medianSecondsToSuccess: successful ? 12 : null,
  });
  const net = (hour: WindowFigures, day: WindowFigures): NetworkFigures => ({
    network: 'mtn',
    hour,
    day,
  });
  const at = '2026-05-04T10:00:00.000Z';

  it('uses the hour when it has 5 settled payments, else the day, else says unknown', () => {
    expect(availabilityOf(net(window(10, 9), window(100, 50)), at)).toMatchObject({
      status: 'ok',
      window: 'hour',
      successRate: 0.9,
    });
    expect(availabilityOf(net(window(2, 0), window(10, 6)), at)).toMatchObject({
      status: 'degraded',
      window: 'day',
    });
    expect(availabilityOf(net(window(0, 0), window(10, 4)), at).status).toBe('down');
    expect(availabilityOf(net(window(1, 1), window(4, 4)), at)).toEqual({
      status: 'unknown',
      successRate: null,
      medianSecondsToSuccess: null,
      window: null,
      computedAt: at,
    });
  });

  it('is added to the networks the figures know, and nothing is added without figures', () => {
    const countries = [{ iso: 'BJ', networks: [{ id: 'mtn' }, { id: 'moov' }] }];
    expect(withAvailability(countries, undefined)).toEqual(countries);
    const health = {
      computedAt: at,
      networks: [net(window(10, 10), window(10, 10))],
      startedPerDay: [],
      sampled: false,
    };
    const [bj] = withAvailability(countries, health);
    expect(bj?.networks[0]).toMatchObject({ id: 'mtn', availability: { status: 'ok' } });
    expect(bj?.networks[1]).toEqual({ id: 'moov' });
  });
});

describe('the secret’s phone-lookup key', () => {
  const base = {
    apiKey: 'fp_x',
    shopId: 's',
    webhookToken: 'a-webhook-token-of-16+',
    merchantWebhookSecret: 'whsec_abc',
  };
  it('is optional, and when present must be 32 characters or more', () => {
    expect(secretProblems(base)).toEqual([]);
    expect(secretProblems({ ...base, phoneLookupKey: KEY })).toEqual([]);
    expect(secretProblems({ ...base, phoneLookupKey: 'short' })).toEqual(['phoneLookupKey']);
  });
});

describe('the page', () => {
  it('has every text in French and in English', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.fr).sort());
    for (const lang of ['fr', 'en'] as const) {
      for (const [key, text] of Object.entries(MESSAGES[lang])) {
        expect(text.trim(), `${lang}.${key}`).not.toBe('');
      }
    }
  });

  it('runs only its own inline script and style, whose hashes its Content-Security-Policy names', () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(PAGE)?.[1] ?? '';
    const style = /<style>([\s\S]*)<\/style>/.exec(PAGE)?.[1] ?? '';
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(CONTENT_SECURITY_POLICY).toContain(`script-src ${hash(script)}`);
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src ${hash(style)}`);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(PAGE.match(/<script/g)).toHaveLength(1);
    // The data inlined in the script cannot end the script element.
    expect(script).not.toContain('</');
  });
});
