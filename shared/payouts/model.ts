/**
 * The payout: money sent from the merchant's FeexPay balance to a mobile-money wallet. A refund is
 * a payout with `purpose: 'refund'`, sent to the payer of a SUCCESSFUL payment on its network, and
 * linked both ways (`paymentId` here, `refunds` on the payment). Its stored shape and the public
 * shape the API returns. Keys: shared/keys.ts; the only module that reads or writes it:
 * shared/payouts/store.ts. Life cycle and rules: docs/refunds-and-payouts.md.
 */
import { createHash } from 'node:crypto';
import { maskPhone } from '../logger.ts';
import { base32 } from '../payments/idempotency.ts';
import type { NotificationAttempt, OutboxEntry } from '../payments/model.ts';
import type { PayoutFailureCode } from './failure-codes.ts';

export type PayoutStatus = 'PENDING' | 'SUCCESSFUL' | 'FAILED';
export const PAYOUT_STATUSES = ['PENDING', 'SUCCESSFUL', 'FAILED'] as const;

export type PayoutPurpose = 'payout' | 'refund';

/** Who caused an event on a payout. */
export type PayoutSource = 'create' | 'webhook' | 'reconciler';

export interface PayoutEvent {
  at: string;
  type: 'created' | 'provider_accepted' | 'outcome_unknown' | 'status_changed';
  source: PayoutSource;
  from?: PayoutStatus;
  to?: PayoutStatus;
  reference?: string;
  reason?: string;
}

export interface Payout {
  /** `po_…` for a payout, `rf_…` for a refund: derived from the caller and its Idempotency-Key. */
  id: string;
  purpose: PayoutPurpose;
  /** The merchant server (its token's `sub`) that asked for it. */
  merchantId: string;
  status: PayoutStatus;
  amount: number;
  currency: 'XOF' | 'XAF';
  /** Network id (shared/providers.ts). */
  network: string;
  /** The beneficiary's full number (digits, country code first); masked in every view. */
  phoneNumber: string;
  /** What FeexPay's `motif` carried (letters, digits, spaces; at most 30). */
  motif: string;
  metadata?: Record<string, string | number | boolean>;
  /** A refund's payment. */
  paymentId?: string;
  /** A refund's reason, as the merchant gave it. */
  reason?: string;
  /** FeexPay's reference, once known. */
  reference?: string;
  /** `unknown` when FeexPay never answered the payout POST: it may have paid out. */
  initiationOutcome?: 'unknown';
  failureReason?: string;
  failureCode?: PayoutFailureCode;
  createdAt: string;
  updatedAt: string;
  /** sha256 of the validated request (idempotency), 128 bits. */
  requestHash: string;
  events: PayoutEvent[];
  outbox?: OutboxEntry;
  notifications?: NotificationAttempt[];
  /** Reconciler status reads of this PENDING payout so far (its backoff). */
  checkAttempts?: number;
}

/** What the API returns: no merchant id, no internals, the phone masked. */
export interface PublicPayout {
  id: string;
  purpose: PayoutPurpose;
  status: PayoutStatus;
  amount: number;
  currency: 'XOF' | 'XAF';
  network: string;
  phoneNumber: string;
  motif: string;
  metadata?: Record<string, string | number | boolean>;
  paymentId?: string;
  reason?: string;
  failureReason?: string;
  failureCode?: PayoutFailureCode;
  createdAt: string;
  updatedAt: string;
}

export function toPublicPayout(p: Payout): PublicPayout {
  return {
    id: p.id,
    purpose: p.purpose,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    network: p.network,
    phoneNumber: maskPhone(p.phoneNumber),
    motif: p.motif,
    ...(p.metadata ? { metadata: p.metadata } : {}),
    ...(p.paymentId ? { paymentId: p.paymentId } : {}),
    ...(p.reason ? { reason: p.reason } : {}),
    ...(p.status === 'FAILED' && p.failureReason ? { failureReason: p.failureReason } : {}),
    ...(p.status === 'FAILED' ? { failureCode: p.failureCode ?? 'unknown' } : {}),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

const PREFIX: Record<PayoutPurpose, string> = { payout: 'po_', refund: 'rf_' };

/** `po_`/`rf_` + 26 base32 characters of sha256(purpose, merchant, key): stable per request key. */
export function payoutIdFor(purpose: PayoutPurpose, merchantId: string, key: string): string {
  const digest = createHash('sha256').update(`${purpose}\n${merchantId}\n${key}`).digest();
  return `${PREFIX[purpose]}${base32(digest).slice(0, 26)}`;
}

const PAYOUT_ID = /^(?:po|rf)_[a-z2-7]{26}$/;

/** True when `value` has the shape of a payout or refund id. */
export function isPayoutId(value: string): boolean {
  return PAYOUT_ID.test(value);
}

/** A payout's status never moves once final. */
export function isFinalPayout(status: PayoutStatus): boolean {
  return status !== 'PENDING';
}

/** A decided transition, written by the store. */
export interface PayoutPlan {
  from: 'PENDING';
  to: 'SUCCESSFUL' | 'FAILED';
  source: PayoutSource;
  failureReason?: string;
  failureCode?: PayoutFailureCode;
  /** FeexPay's reference to store (the payout had none). */
  storeReference?: string;
  reference?: string;
}
