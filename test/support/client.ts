/** Fixtures for the typed client's tests (client/src/). */
import type { InitiateRequest, Payment } from '../../client/src/index.ts';

/** A payment as the API answers it. */
export const payment = (status: Payment['status'], extra: Partial<Payment> = {}): Payment => ({
  id: 'pay_1',
  status,
  amount: 2500,
  currency: 'XOF',
  network: 'mtn',
  phoneNumber: '229******0000',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

/** An order the initiate route accepts. */
export const order: InitiateRequest = {
  amount: 2500,
  currency: 'XOF',
  network: 'mtn',
  phoneNumber: '2290197000000',
};
