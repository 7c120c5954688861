/**
 * What the simulator does with a payment, chosen by the last two digits of the phone number, like
 * test cards at card processors. Merchant developers test against these, so the README's "Test
 * mode" section documents the same table.
 */

export type Scenario =
  | 'approve'
  | 'decline'
  | 'no-answer'
  | 'webhook-lost'
  | 'webhook-repeated'
  | 'unavailable'
  | 'insufficient-funds';

export interface Outcome {
  ending: string;
  scenario: Scenario;
  description: string;
}

/** The documented endings. Any other ending behaves like `00`. */
export const outcomes: readonly Outcome[] = [
  {
    ending: '00',
    scenario: 'approve',
    description: 'customer approves: SUCCESSFUL after the delay, webhook delivered',
  },
  {
    ending: '01',
    scenario: 'decline',
    description: 'customer declines: FAILED (`reason` set) after the delay, webhook delivered',
  },
  {
    ending: '02',
    scenario: 'no-answer',
    description: 'customer never answers: stays PENDING, no webhook',
  },
  {
    ending: '03',
    scenario: 'webhook-lost',
    description: 'SUCCESSFUL, but the webhook is never delivered (only status checks find it)',
  },
  {
    ending: '04',
    scenario: 'webhook-repeated',
    description: 'SUCCESSFUL, webhook delivered several times (3 by default)',
  },
  {
    ending: '05',
    scenario: 'unavailable',
    description: 'request-to-pay answers HTTP 503 (FeexPay down)',
  },
  {
    ending: '06',
    scenario: 'insufficient-funds',
    description:
      'request-to-pay answers HTTP 200 with `status: FAILED` at once (insufficient funds)',
  },
];

const byEnding = new Map(outcomes.map((o) => [o.ending, o.scenario]));

/** The scenario for a phone number (digits with country code). */
export function scenarioFor(phoneNumber: string): Scenario {
  return byEnding.get(phoneNumber.slice(-2)) ?? 'approve';
}

/** Reason FeexPay reports for a declined prompt (seen on MTN, docs/feexpay-api.md §6.2). */
export const DECLINE_REASON = 'LOW_BALANCE_OR_PAYEE_LIMIT_REACHED_OR_NOT_ALLOWED';
/** Reason for the immediate refusal of ending `06`; `statusCode` "10" is FeexPay's code for it. */
export const INSUFFICIENT_FUNDS_REASON = 'INSUFFICIENT_FUNDS';

/**
 * How the simulated customer answers the prompt of an accepted request-to-pay (after the delay),
 * or undefined when they never answer.
 */
export function customerAnswer(
  scenario: Scenario,
): { status: 'SUCCESSFUL' | 'FAILED'; reason?: string } | undefined {
  if (scenario === 'no-answer') return undefined;
  if (scenario === 'decline') return { status: 'FAILED', reason: DECLINE_REASON };
  return { status: 'SUCCESSFUL' };
}

/** How many copies of the webhook a settled payment sends. */
export function webhookCopies(scenario: Scenario, redeliveries: number): number {
  if (scenario === 'webhook-lost') return 0;
  if (scenario === 'webhook-repeated') return redeliveries;
  return 1;
}
