/**
 * Request-to-pay checks, in the order and shape FeexPay answers them: a JSON body, the shop, the
 * channel (`{segment} channel not configured`), then class-validator style field errors
 * (docs/feexpay-api.md §4.1, §9.1, §10.1).
 */
import { isRecord } from '../../shared/feexpay/wire.ts';
import { findNetwork, type Network, phoneProblem } from '../../shared/providers.ts';
import type { SimulatedTransaction } from './book.ts';

const MIN_AMOUNT = 100;
const MAX_AMOUNT = 2_000_000;

/** A request-to-pay body that passed the checks: a transaction's order fields, and the code. */
export type PayOrder = Pick<
  SimulatedTransaction,
  | 'amount'
  | 'phoneNumber'
  | 'description'
  | 'callbackInfo'
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'returnUrl'
> & {
  /** A non-blank `otp`, when one was sent. */
  otp: string | undefined;
  /** The second call of a two-step OTP network names the first call's `reference`. */
  reference: string | undefined;
};

export type CheckedRequest =
  | { ok: true; network: Network; order: PayOrder }
  | { ok: false; status: number; body: unknown };

interface ValidationIssue {
  property: string;
  constraints: Record<string, string>;
}

export function checkRequestToPay(body: unknown, segment: string, shopId: string): CheckedRequest {
  if (!isRecord(body)) {
    return refused(400, {
      statusCode: 400,
      message: 'Body must be a JSON object',
      error: 'Bad Request',
    });
  }
  if (body.shop !== shopId) return refused(404, { statusCode: 404, message: 'Shop not found' });
  const network = findNetwork(segment);
  // Cards are no request-to-pay channel: they go through FeexLink (feexlink.ts).
  if (!network || network.flow === 'card') {
    return refused(404, { statusCode: 404, message: `${segment} channel not configured` });
  }
  const errors = validate(body, network);
  if (errors.length > 0) {
    return refused(400, { statusCode: 400, message: 'Validation failed', errors });
  }
  const order: PayOrder = {
    amount: body.amount as number,
    phoneNumber: body.phoneNumber as string,
    description: typeof body.description === 'string' ? body.description : '',
    callbackInfo: typeof body.callback_info === 'string' ? body.callback_info : null,
    firstName: stringField(body.first_name),
    lastName: stringField(body.last_name),
    email: stringField(body.email),
    returnUrl: typeof body.return_url === 'string' ? body.return_url : undefined,
    otp: typeof body.otp === 'string' && body.otp.trim() !== '' ? body.otp : undefined,
    reference:
      typeof body.reference === 'string' && body.reference.trim() !== ''
        ? body.reference
        : undefined,
  };
  return { ok: true, network, order };
}

function refused(status: number, body: unknown): CheckedRequest {
  return { ok: false, status, body };
}

function validate(body: Record<string, unknown>, network: Network): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const issue = (property: string, rule: string, message: string) =>
    issues.push({ property, constraints: { [rule]: message } });
  const { amount, phoneNumber, description, callback_info: callbackInfo } = body;
  if (typeof amount !== 'number' || !Number.isInteger(amount)) {
    issue('amount', 'isInt', 'amount must be an integer number');
  } else if (amount < MIN_AMOUNT) {
    issue('amount', 'min', `amount must not be less than ${MIN_AMOUNT}`);
  } else if (amount > MAX_AMOUNT) {
    issue('amount', 'max', `amount must not be greater than ${MAX_AMOUNT}`);
  }
  if (typeof phoneNumber !== 'string') {
    issue('phoneNumber', 'isString', 'phoneNumber must be a string');
  } else {
    const problem = phoneProblem(phoneNumber, network);
    if (problem) issue('phoneNumber', 'isPhoneNumber', problem);
  }
  if (description !== undefined && description !== null) {
    if (typeof description !== 'string' || !/^[A-Za-z0-9 ]*$/.test(description)) {
      issue('description', 'matches', 'description must contain only letters, digits and spaces');
    }
  }
  if (callbackInfo !== undefined && callbackInfo !== null && typeof callbackInfo !== 'string') {
    issue('callback_info', 'isString', 'callback_info must be a string');
  }
  return issues;
}

function stringField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
