/**
 * The bodies the simulated FeexPay answers with, in the shapes integrations have recorded
 * (docs/feexpay-api.md §4.2, §5.1, §7.3).
 */
import type { Network } from '../../shared/providers.ts';
import type { SimulatedStatus, SimulatedTransaction } from './book.ts';
import type { PayOrder } from './validation.ts';

/** Request-to-pay accepted: the customer is being asked. Redirect networks add the page to open. */
export function acceptedAnswer(tx: SimulatedTransaction, paymentUrl: string | undefined) {
  return {
    reference: tx.reference,
    status: 'PENDING',
    message: 'Accepted',
    amount: tx.amount,
    description: tx.description,
    callback_info: tx.callbackInfo,
    phoneNumber: tx.phoneNumber,
    ...(paymentUrl ? { payment_url: paymentUrl, order_id: tx.reference } : {}),
  };
}

/** Request-to-pay refused at once with HTTP 200 (Moov style): `statusCode` and operator arrays. */
export function refusedAtOnceAnswer(tx: SimulatedTransaction, message: string) {
  return {
    reference: tx.reference,
    status: 'FAILED',
    statusCode: tx.statusCode,
    reason: tx.reason,
    message,
    amount: tx.amount,
    description: tx.description,
    callback_info: tx.callbackInfo,
    phoneNumber: tx.phoneNumber,
    response_operator: { description: [message], status: ['FAILED'] },
  };
}

/**
 * An OTP network asked without a code: FAILED, with no reference because nothing was created.
 * How V2 says this is undocumented; this is our choice (§13).
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

const RESPONSE_CODES: Record<SimulatedStatus, [string, string]> = {
  SUCCESSFUL: ['00', 'Successful'],
  PENDING: ['01', 'Pending'],
  FAILED: ['02', 'Failed'],
};

/** The status read's answer. */
export function statusAnswer(tx: SimulatedTransaction) {
  const [responsecode, responsemsg] = RESPONSE_CODES[tx.status];
  return {
    reference: tx.reference,
    amount: tx.amount,
    phoneNumber: tx.phoneNumber,
    status: tx.status,
    callback_info: tx.callbackInfo,
    responsecode,
    responsemsg,
    transref: tx.reference,
    serviceref: tx.operatorId,
    comment: tx.status === 'FAILED' ? (tx.reason ?? '') : '',
    reason: tx.reason ?? null,
    description: tx.description,
    date: tx.updatedAt,
    operator_id: tx.status === 'PENDING' ? null : tx.operatorId,
    ...(tx.statusCode ? { statusCode: tx.statusCode } : {}),
  };
}
