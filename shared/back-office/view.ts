/**
 * What the back office shows of a payment: the public fields (phone masked, as everywhere), plus
 * what staff need to follow it at FeexPay and at the merchant: FeexPay's reference, the customer
 * (`ownerId`), a late success, the status reads made while PENDING.
 */
import { maskPhone } from '../logger.ts';
import { type Payment, type PublicPayment, toPublicPayment } from '../payments/model.ts';

export interface OperatorPayment extends PublicPayment {
  ownerId: string;
  reference?: string;
  lateSuccess?: boolean;
}

export function toOperatorPayment(p: Payment): OperatorPayment {
  return {
    ...toPublicPayment(p),
    phoneNumber: maskPhone(p.phoneNumber),
    ownerId: p.ownerId,
    ...(p.reference ? { reference: p.reference } : {}),
    ...(p.lateSuccess ? { lateSuccess: true } : {}),
  };
}
