/**
 * Fixed, public, local-only settings shared by the FeexPay simulator and the local stack. They are
 * not secrets and must never be used in a deployment.
 */

/** `fp_` + 64 alphanumeric characters, like a real FeexPay key (docs/feexpay-api.md §2.1). */
export const DEFAULT_API_KEY = `fp_${'LocalDevOnly0000'.repeat(4)}`;

/** 15 alphanumeric characters, the shape of a V2 `shop_public_id` (docs/feexpay-api.md §2.2). */
export const DEFAULT_SHOP_ID = 'localshop000001';

/** `npm run simulator` listens here unless SIMULATOR_PORT says otherwise. */
export const DEFAULT_SIMULATOR_PORT = 4010;

/** How long a simulated customer takes to answer the prompt (FEEXPAY_SIMULATOR_DELAY_MS). */
export const DEFAULT_SIMULATOR_DELAY_MS = 2000;

/** Copies of the webhook sent for phone numbers ending in `04`. */
export const DEFAULT_WEBHOOK_REDELIVERIES = 3;

/**
 * How late the slow request-to-pay (ending `19`) answers: later than the service's 25 s, within
 * the 20–120 s FeexPay has been seen taking (docs/feexpay-api.md §4.4).
 */
export const DEFAULT_SLOW_ANSWER_MS = 40_000;
