/**
 * The transaction book: every transaction the simulator has opened, and the one rule of their life
 * cycle: PENDING moves once, to SUCCESSFUL or FAILED.
 */
import { randomUUID } from 'node:crypto';
import { DECLINE_REASON, type Scenario } from './outcomes.ts';

export type SimulatedStatus = 'PENDING' | 'SUCCESSFUL' | 'FAILED';

/** A payment as the simulator keeps it. */
export interface SimulatedTransaction {
  reference: string;
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
  createdAt: string;
  updatedAt: string;
}

/** What a new transaction starts from; the book adds the ids and dates. */
export type NewTransaction = Omit<
  SimulatedTransaction,
  'reference' | 'operatorId' | 'createdAt' | 'updatedAt'
>;

export class TransactionBook {
  readonly #transactions = new Map<string, SimulatedTransaction>();

  open(fields: NewTransaction): SimulatedTransaction {
    const now = new Date().toISOString();
    const tx: SimulatedTransaction = {
      reference: randomUUID(),
      ...fields,
      operatorId: `SIM${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
      createdAt: now,
      updatedAt: now,
    };
    this.#transactions.set(tx.reference, tx);
    return tx;
  }

  find(reference: string): SimulatedTransaction | undefined {
    return this.#transactions.get(reference);
  }

  list(): SimulatedTransaction[] {
    return [...this.#transactions.values()];
  }

  /**
   * Moves a PENDING transaction to a final status (a FAILED one gets a reason, by default a
   * declined prompt's). False when it was already final.
   */
  settle(tx: SimulatedTransaction, status: 'SUCCESSFUL' | 'FAILED', reason?: string): boolean {
    if (tx.status !== 'PENDING') return false;
    tx.status = status;
    tx.reason = status === 'FAILED' ? (reason ?? DECLINE_REASON) : undefined;
    tx.updatedAt = new Date().toISOString();
    return true;
  }

  clear(): void {
    this.#transactions.clear();
  }
}
