import { describe, expect, it } from 'vitest';
import { loadStageConfig, StageConfigError } from '../../lib/config.ts';
import { PROD_EXAMPLE_CONFIG } from './helpers.ts';

const load = (context: Record<string, unknown>) => loadStageConfig((key) => context[key]);
const prod = (context: Record<string, unknown> = {}) =>
  load({ stage: 'prod', config: PROD_EXAMPLE_CONFIG, ...context });

describe('stage config', () => {
  it('gives dev working defaults, including the FeexPay URL and the 100/min rate limit', () => {
    const config = load({});
    expect(config).toMatchObject({
      stage: 'dev',
      feexpayBaseUrl: 'https://api-v2.feexpay.me/api',
      rateLimitPerMinute: 100,
      paymentMaxPendingSeconds: 86_400,
      retainData: false,
    });
  });

  it('refuses prod without the settings that must be real, naming each one', () => {
    const attempt = () => load({ stage: 'prod' });
    expect(attempt).toThrow(StageConfigError);
    expect(attempt).toThrow(/^Invalid stage config "prod": jwtIssuer: required in prod/);
    for (const key of ['jwtAudience', 'corsAllowedOrigins', 'merchantWebhookUrl', 'alarmEmails']) {
      expect(attempt).toThrow(new RegExp(`${key}: required`));
    }
  });

  it('takes prod values from a config file and keeps its data', () => {
    expect(prod()).toMatchObject({
      stage: 'prod',
      jwtIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
      alarmEmails: ['oncall@my-shop.bj'],
      retainData: true,
      logRetentionDays: 365,
    });
  });

  it('lets single context values override the file, lists as comma-separated text', () => {
    const config = prod({
      corsAllowedOrigins: 'https://a.my-shop.bj, https://b.my-shop.bj',
      throttlingRateLimit: '250',
    });
    expect(config.corsAllowedOrigins).toEqual(['https://a.my-shop.bj', 'https://b.my-shop.bj']);
    expect(config.throttlingRateLimit).toBe(250);
  });

  it.each([
    [{ jwtIssuer: 'http://issuer.my-shop.bj' }, 'jwtIssuer: must be an https URL'],
    [{ merchantWebhookUrl: 'not a url' }, 'merchantWebhookUrl: must be an https URL'],
    [
      { corsAllowedOrigins: 'https://a.my-shop.bj/path' },
      'corsAllowedOrigins[0]: must be an origin',
    ],
    [{ alarmEmails: 'oncall' }, 'alarmEmails[0]: must be email addresses'],
    [{ logRetentionDays: '13' }, 'logRetentionDays: must be one of 1, 3, 5'],
    [{ throttlingBurstLimit: 'lots' }, 'throttlingBurstLimit: must be a number'],
    [{ existingSecretArn: 'my-secret' }, 'existingSecretArn: must be the complete ARN'],
    [
      { jwtIssuer: 'https://auth.example.com/' },
      'jwtIssuer: "https://auth.example.com/" is a placeholder host',
    ],
    [{ alarmEmails: '' }, 'alarmEmails: prod needs at least one address'],
  ])('names the bad setting in %j', (override, message) => {
    expect(() => prod(override)).toThrow(`Invalid stage config "prod": ${message}`);
  });

  it('refuses an unknown stage and unknown keys in a config file', () => {
    expect(() => load({ stage: 'qa' })).toThrow(
      'Invalid stage config "qa": stage: must be one of dev, prod',
    );
    expect(() => load({ config: 'package.json' })).toThrow(/unknown setting\(s\) name, version/);
  });
});
