/**
 * The bodies the simulated FeexPay answers with, in the shapes integrations have recorded
 * (docs/feexpay-api.md §4.2, §4.3, §5.1, §7.3), with each payment's quirks (outcomes.ts).
 */
import type { Network } from '../../shared/providers.ts';
import type { SimulatedStatus, SimulatedTransaction } from './book.ts';
import { answeredReference, DECLINE_REASON, type FinalAtOnce } from './outcomes.ts';
import type { PayOrder } from './validation.ts';

/** The status as this payment's FeexPay spells it (`IN PENDING STATE`, `SUCCESS`: ending 12). */
export function statusWord(tx: SimulatedTransaction): string {
  if (tx.scenario !== 'status-spellings') return tx.status;
  return tx.status === 'PENDING'
    ? 'IN PENDING STATE'
    : tx.status === 'SUCCESSFUL'
      ? 'SUCCESS'
      : tx.status;
}

/** The amount as this payment's FeexPay writes it (a string: ending 11). */
export function amountOf(tx: SimulatedTransaction): number | string {
  return tx.scenario === 'string-amount' ? String(tx.amount) : tx.amount;
}

/** `order_id`, when FeexPay sends one: redirect networks (equal to the reference), or its own. */
function orderIdField(tx: SimulatedTransaction, redirect: boolean) {
  return redirect || tx.orderId !== tx.reference ? { order_id: tx.orderId } : {};
}

/** Request-to-pay accepted: the customer is being asked. Redirect networks add the page to open. */
export function acceptedAnswer(tx: SimulatedTransaction, paymentUrl: string | undefined) {
  return {
    reference: answeredReference(tx.reference, tx.scenario, tx.segment),
    status: statusWord(tx),
    message: 'Accepted',
    amount: tx.amount,
    description: tx.description,
    callback_info: tx.callbackInfo,
    phoneNumber: tx.phoneNumber,
    ...(paymentUrl ? { payment_url: paymentUrl } : {}),
    ...orderIdField(tx, paymentUrl !== undefined),
  };
}

/**
 * Request-to-pay settled at once, HTTP 200 (Moov style): `statusCode` and the operator's arrays;
 * FAILED with its reason, or SUCCESSFUL (with the amount, or without it: ending 08).
 */
export function finalAtOnceAnswer(tx: SimulatedTransaction, final: FinalAtOnce) {
  return {
    reference: answeredReference(tx.reference, tx.scenario, tx.segment),
    status: final.status,
    statusCode: final.statusCode,
    ...(final.reason ? { reason: final.reason } : {}),
    message: final.message,
    ...(final.withoutAmount ? {} : { amount: tx.amount }),
    description: tx.description,
    callback_info: tx.callbackInfo,
    phoneNumber: tx.phoneNumber,
    response_operator: { description: [final.message], status: [final.status] },
  };
}

/**
 * A `flow: otp` network asked without a code: FAILED, with no reference because nothing was
 * created. How V2 says this is undocumented; this is our choice (§13).
 */
export function otpRequiredAnswer(network: Network, order: PayOrder) {
  return {
    status: 'FAILED',
    message: `Code OTP requis pour ${network.name}. Générez un code de paiement puis renvoyez la requête avec otp.`,
    amount: order.amount,
    phoneNumber: order.phoneNumber,
    callback_info: order.callbackInfo,
  };
}

/** Coris's first call (no code): HTTP 201, a reference, and a code sent to the customer (§7.3). */
export function otpSentAnswer(tx: SimulatedTransaction) {
  return {
    reference: tx.reference,
    status: 'PENDING',
    message: 'Un code OTP a été envoyé au client. Renvoyez la requête avec otp et reference.',
    amount: tx.amount,
    description: tx.description,
    callback_info: tx.callbackInfo,
    phoneNumber: tx.phoneNumber,
  };
}

/** A wrong or expired code: HTTP 200, FAILED (our choice of words; §13). */
export function wrongOtpAnswer(tx: SimulatedTransaction) {
  return {
    reference: tx.reference,
    status: 'FAILED',
    message: 'Code OTP invalide ou expiré',
    amount: tx.amount,
    callback_info: tx.callbackInfo,
    phoneNumber: tx.phoneNumber,
  };
}

/** The answer to the code of a two-step network once accepted: the payment as it now stands. */
export function afterOtpAnswer(tx: SimulatedTransaction) {
  return {
    reference: tx.reference,
    status: statusWord(tx),
    message: tx.status === 'SUCCESSFUL' ? 'Successful' : 'Pending',
    amount: tx.amount,
    description: tx.description,
    callback_info: tx.callbackInfo,
    phoneNumber: tx.phoneNumber,
  };
}

const RESPONSE_CODES: Record<SimulatedStatus, [string, string]> = {
  SUCCESSFUL: ['00', 'Successful'],
  PENDING: ['01', 'Pending'],
  FAILED: ['02', 'Failed'],
};

/**
 * The status read's answer, as the recorded samples show it: `responsecode`, `responsemsg`,
 * `serviceref` equal to the reference, `reason: ""` until there is one (§5.1).
 */
export function statusAnswer(tx: SimulatedTransaction) {
  const [responsecode, responsemsg] = RESPONSE_CODES[tx.status];
  const reason =
    tx.reason ??
    (tx.scenario === 'reason-while-pending' && tx.status === 'PENDING' ? DECLINE_REASON : '');
  return {
    reference: tx.reference,
    amount: amountOf(tx),
    phoneNumber: tx.phoneNumber,
    status: statusWord(tx),
    callback_info: tx.callbackInfo,
    responsecode,
    responsemsg,
    transref: tx.reference,
    serviceref: tx.reference,
    comment: tx.status === 'FAILED' ? (tx.reason ?? '') : '',
    reason,
    description: tx.description,
    date: tx.updatedAt,
    operator_id: tx.status === 'PENDING' ? null : tx.operatorId,
    ...(tx.orderId !== tx.reference ? { order_id: tx.orderId } : {}),
    ...(tx.statusCode ? { statusCode: tx.statusCode } : {}),
    ...(tx.customId ? { custom_id: tx.customId } : {}),
  };
}
