/**
 * The transaction book: every transaction the simulator has opened, found by its reference or its
 * `order_id` in any letter case, and the one rule of their life cycle: PENDING moves once, to
 * SUCCESSFUL or FAILED.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DECLINE_REASON, type Scenario } from './outcomes.ts';

export type SimulatedStatus = 'PENDING' | 'SUCCESSFUL' | 'FAILED';

/** A payment as the simulator keeps it. */
export interface SimulatedTransaction {
  reference: string;
  /** FeexPay's `order_id`: the reference itself, unless the scenario gives it its own. */
  orderId: string;
  segment: string;
  scenario: Scenario;
  status: SimulatedStatus;
  amount: number;
  phoneNumber: string;
  description: string;
  callbackInfo: string | null;
  firstName: string;
  lastName: string;
  email: string;
  returnUrl: string | undefined;
  reason: string | undefined;
  statusCode: string | undefined;
  operatorId: string;
  /** Two-step OTP networks: FeexPay sent the customer `otpSent` and waits for the second call. */
  awaitingOtp: boolean;
  otpSent: string | undefined;
  /** A FeexLink (card) payment: the link's `custom_id`, echoed in status answers and webhooks. */
  customId?: string;
  /** A FeexLink (card) payment: the link's id, the webhook's `ref_link`. */
  refLink?: string;
  /** The status endpoint answers 404 for it (ending 15, or the `forget` control). */
  forgotten: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a new transaction starts from; the book adds the ids and dates. */
export type NewTransaction = Omit<
  SimulatedTransaction,
  'reference' | 'orderId' | 'operatorId' | 'createdAt' | 'updatedAt' | 'forgotten'
> & {
  /** `AG_<date>_<hex>` like Celtiis's, instead of a UUID. */
  celtiisStyle?: boolean;
  /** An `order_id` of its own, different from the reference. */
  ownOrderId?: boolean;
};

export class TransactionBook {
  readonly #transactions = new Map<string, SimulatedTransaction>();
  /** Lower-case reference and order id → transaction. */
  readonly #byKey = new Map<string, SimulatedTransaction>();

  open(fields: NewTransaction): SimulatedTransaction {
    const { celtiisStyle, ownOrderId, ...rest } = fields;
    const now = new Date().toISOString();
    const reference = celtiisStyle
      ? `AG_${now.slice(0, 10).replace(/-/g, '')}_${randomBytes(10).toString('hex')}`
      : randomUUID();
    const tx: SimulatedTransaction = {
      reference,
      orderId: ownOrderId
        ? `ORD${Date.now()}${randomBytes(3).toString('hex').toUpperCase()}`
        : reference,
      ...rest,
      operatorId: `SIM${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
      forgotten: false,
      createdAt: now,
      updatedAt: now,
    };
    this.#transactions.set(tx.reference, tx);
    this.#byKey.set(tx.reference.toLowerCase(), tx);
    this.#byKey.set(tx.orderId.toLowerCase(), tx);
    return tx;
  }

  /** The transaction whose reference or `order_id` is `key`, in any letter case. */
  find(key: string): SimulatedTransaction | undefined {
    return this.#byKey.get(key.toLowerCase());
  }

  list(): SimulatedTransaction[] {
    return [...this.#transactions.values()];
  }

  /**
   * Moves a PENDING transaction to a final status (a FAILED one gets a reason, by default a
   * refused prompt's). False when it was already final.
   */
  settle(tx: SimulatedTransaction, status: 'SUCCESSFUL' | 'FAILED', reason?: string): boolean {
    if (tx.status !== 'PENDING') return false;
    tx.status = status;
    tx.reason = status === 'FAILED' ? (reason ?? DECLINE_REASON) : undefined;
    tx.awaitingOtp = false;
    tx.updatedAt = new Date().toISOString();
    return true;
  }

  clear(): void {
    this.#transactions.clear();
    this.#byKey.clear();
  }
}
