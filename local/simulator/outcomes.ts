/**
 * What the simulator does with a payment, chosen by the last two digits of the phone number, like
 * test cards at card processors. Each ending plays one outcome or one of FeexPay's quirks
 * (docs/feexpay-api.md §13), so merchants and our own tests can reach every behaviour on purpose.
 * The README's "Test mode" section documents the same table.
 */

export type Scenario =
  | 'approve'
  | 'decline'
  | 'no-answer'
  | 'webhook-lost'
  | 'webhook-repeated'
  | 'unavailable'
  | 'insufficient-funds'
  | 'success-at-once'
  | 'success-at-once-no-amount'
  | 'upper-case-reference'
  | 'non-uuid-reference'
  | 'string-amount'
  | 'status-spellings'
  | 'reason-while-pending'
  | 'order-id-only'
  | 'forgotten'
  | 'bad-gateway'
  | 'plain-text-refusal'
  | 'channel-not-configured'
  | 'slow-answer'
  | 'empty-callback-info'
  | 'payer-not-found'
  | 'below-minimum'
  | 'cancelled-at-once';

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
    description:
      'the customer declines the prompt: FAILED after the delay with MTN’s reason `APPROVAL_REJECTED` (failureCode `declined`), webhook delivered',
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
    description: 'request-to-pay answers HTTP 503 in plain text (FeexPay down), nothing created',
  },
  {
    ending: '06',
    scenario: 'insufficient-funds',
    description:
      'request-to-pay answers HTTP 200 with `status: FAILED` at once, `statusCode` "10" (insufficient funds)',
  },
  {
    ending: '07',
    scenario: 'success-at-once',
    description:
      'request-to-pay answers HTTP 200 with `status: SUCCESSFUL` at once, with the amount; no webhook',
  },
  {
    ending: '08',
    scenario: 'success-at-once-no-amount',
    description:
      'request-to-pay answers `status: SUCCESSFUL` at once but without an amount; the status read has it; no webhook',
  },
  {
    ending: '09',
    scenario: 'upper-case-reference',
    description:
      'request-to-pay answers the reference in upper case; status answers and the webhook write it in lower case (Moov Benin does this on every payment)',
  },
  {
    ending: '10',
    scenario: 'non-uuid-reference',
    description:
      'references shaped like Celtiis’s, `AG_<date>_<hex>`, not UUIDs (Celtiis does this on every payment)',
  },
  {
    ending: '11',
    scenario: 'string-amount',
    description: 'status answers and the webhook carry the amount as a string (`"1500"`)',
  },
  {
    ending: '12',
    scenario: 'status-spellings',
    description: 'statuses spelled `IN PENDING STATE` while pending and `SUCCESS` once approved',
  },
  {
    ending: '13',
    scenario: 'reason-while-pending',
    description:
      'status answers carry a failure `reason` while still PENDING, then the customer approves',
  },
  {
    ending: '14',
    scenario: 'order-id-only',
    description:
      '`order_id` differs from `reference`, and the status endpoint knows the payment only by `order_id` (404 for the reference); SUCCESSFUL after the delay',
  },
  {
    ending: '15',
    scenario: 'forgotten',
    description:
      'FeexPay forgets the payment: status answers 404 for the reference it issued, no webhook (the payment expires)',
  },
  {
    ending: '16',
    scenario: 'bad-gateway',
    description: 'request-to-pay answers HTTP 502 with a gateway’s HTML page, nothing created',
  },
  {
    ending: '17',
    scenario: 'plain-text-refusal',
    description: 'request-to-pay answers HTTP 400 in plain text: `Invalid phone number`',
  },
  {
    ending: '18',
    scenario: 'channel-not-configured',
    description:
      'request-to-pay answers HTTP 404 `<network> channel not configured` (the network is not enabled for the shop)',
  },
  {
    ending: '19',
    scenario: 'slow-answer',
    description:
      'request-to-pay answers only after 40 s (later than the service waits); the customer approves meanwhile and the webhook comes',
  },
  {
    ending: '20',
    scenario: 'empty-callback-info',
    description: 'SUCCESSFUL; the webhook carries `callback_info: ""`',
  },
  {
    ending: '21',
    scenario: 'payer-not-found',
    description:
      'FAILED after the delay with reason `PAYER_NOT_FOUND` (failureCode `invalid_number`), webhook delivered',
  },
  {
    ending: '22',
    scenario: 'below-minimum',
    description:
      'request-to-pay answers `status: FAILED` at once, `statusCode` "37" (below the operator’s minimum)',
  },
  {
    ending: '23',
    scenario: 'cancelled-at-once',
    description: 'request-to-pay answers `status: FAILED` at once, `statusCode` "92" (cancelled)',
  },
];

const byEnding = new Map(outcomes.map((o) => [o.ending, o.scenario]));

/** The scenario for a phone number (digits with country code). */
export function scenarioFor(phoneNumber: string): Scenario {
  return byEnding.get(phoneNumber.slice(-2)) ?? 'approve';
}

/** Reason FeexPay reports for a prompt the customer declined (MTN's words, docs/feexpay-api.md §6.2). */
export const DECLINE_REASON = 'APPROVAL_REJECTED';
/** Reason for the immediate refusal of ending `06`; `statusCode` "10" is FeexPay's code for it. */
export const INSUFFICIENT_FUNDS_REASON = 'INSUFFICIENT_FUNDS';

/**
 * Request-to-pay refusals that create nothing (the answer is all there is): status, content type
 * and body as FeexPay, or the gateway in front of it, sends them (docs/feexpay-api.md §10.1).
 */
export function refusalAtInitiation(
  scenario: Scenario,
  segment: string,
): { status: number; contentType: string; body: string } | undefined {
  switch (scenario) {
    case 'unavailable':
      return { status: 503, contentType: 'text/plain', body: 'Service Unavailable' };
    case 'bad-gateway':
      return {
        status: 502,
        contentType: 'text/html',
        body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
      };
    case 'plain-text-refusal':
      return { status: 400, contentType: 'text/plain', body: 'Invalid phone number' };
    case 'channel-not-configured':
      return {
        status: 404,
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({ statusCode: 404, message: `${segment} channel not configured` }),
      };
    default:
      return undefined;
  }
}

/** A final status in request-to-pay's own answer (Moov style, docs/feexpay-api.md §4.3). */
export interface FinalAtOnce {
  status: 'SUCCESSFUL' | 'FAILED';
  statusCode: string;
  reason?: string;
  message: string;
  /** The answer leaves the amount out (the status read has it). */
  withoutAmount?: boolean;
}

export function finalAtOnce(scenario: Scenario): FinalAtOnce | undefined {
  switch (scenario) {
    case 'insufficient-funds':
      return {
        status: 'FAILED',
        statusCode: '10',
        reason: INSUFFICIENT_FUNDS_REASON,
        message: 'Solde insuffisant',
      };
    case 'below-minimum':
      return { status: 'FAILED', statusCode: '37', message: 'Montant inferieur au minimum' };
    case 'cancelled-at-once':
      return { status: 'FAILED', statusCode: '92', message: 'Transaction annulee' };
    case 'success-at-once':
      return { status: 'SUCCESSFUL', statusCode: '00', message: 'Successful' };
    case 'success-at-once-no-amount':
      return { status: 'SUCCESSFUL', statusCode: '00', message: 'Successful', withoutAmount: true };
    default:
      return undefined;
  }
}

/**
 * How the simulated customer answers the prompt of an accepted request-to-pay (after the delay),
 * or undefined when they never answer.
 */
export function customerAnswer(
  scenario: Scenario,
): { status: 'SUCCESSFUL' | 'FAILED'; reason?: string } | undefined {
  if (scenario === 'no-answer' || scenario === 'forgotten') return undefined;
  if (scenario === 'decline') return { status: 'FAILED', reason: DECLINE_REASON };
  if (scenario === 'payer-not-found') return { status: 'FAILED', reason: 'PAYER_NOT_FOUND' };
  return { status: 'SUCCESSFUL' };
}

/**
 * How many copies of the webhook a settled payment sends: none while FeexPay has forgotten it
 * (ending 15 until the `remember` control).
 */
export function webhookCopies(scenario: Scenario, redeliveries: number, forgotten = false): number {
  if (scenario === 'webhook-lost' || forgotten) return 0;
  if (scenario === 'webhook-repeated') return redeliveries;
  return 1;
}

/** The reference as request-to-pay's answer writes it (Moov Benin: in upper case, §4.2). */
export function answeredReference(reference: string, scenario: Scenario, segment: string): string {
  return scenario === 'upper-case-reference' || segment === 'moov'
    ? reference.toUpperCase()
    : reference;
}

/** Celtiis-style references (`AG_20251202_701033309a4e1387a99b`, §4.2) for this payment? */
export function celtiisStyleReference(scenario: Scenario, segment: string): boolean {
  return scenario === 'non-uuid-reference' || segment === 'celtiis_bj';
}

/** A wrong code, on OTP networks: FeexPay refuses it (any other code is accepted). */
export const WRONG_OTP = '000000';
