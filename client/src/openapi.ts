/**
 * The API's types, generated from docs/openapi.json by `npm run openapi` (openapi-typescript).
 * Do not edit: change the contracts (shared/api/) and run it again.
 */

export interface paths {
  '/api/v1/payments/feexpay/providers': {
    /**
     * List networks by country
     * @description FeexPay pay-in networks by country: currency, amount bounds, flow (push, redirect, OTP), indicative fees, and an availability hint from this deployment’s own recent payments. Public and cacheable for a minute; send `If-None-Match` to get a 304.
     */
    get: operations['providersList'];
  };
  '/api/v1/payments/feexpay/health': {
    /**
     * Liveness and dependency checks
     * @description Checks that DynamoDB and Secrets Manager answer, each with a deadline, at most once per 10 s (the result is reused meanwhile). Says only `ok` or `degraded`; which check failed only where the deployment enables it. Never cached by others; no secrets, resource names, or whether the secret is valid, in the answer.
     */
    get: operations['healthCheck'];
  };
  '/api/v1/payments/feexpay/webhook': {
    /**
     * FeexPay settlement webhook
     * @description Called by FeexPay, not by merchants. Authenticated by the secret `token` in the registered URL. A webhook is only a hint: the payment changes only after FeexPay’s status endpoint confirms it (docs/webhooks.md).
     */
    post: operations['webhookReceive'];
  };
  '/api/v1/payments/feexpay/initiate': {
    /**
     * Start a payment
     * @description Creates a payment and asks FeexPay to collect it. Answers 201 with the payment, usually PENDING; FeexPay may settle it at once (FAILED with `failureCode` and `failureReason`). Redirect networks answer a `paymentUrl`; so does `card` (Visa, Mastercard: FeexPay’s card page, which sends the customer back to the required `returnUrl` with `?ref=`; pass it to GET {id}/status/); `flow: otp` networks need `otp`; `flow: otp_confirm` networks answer `awaitingOtp: true`, then take the code FeexPay sent the customer with POST {id}/otp/. If FeexPay never answers, the payment stays PENDING without a reference and expires after a few minutes (then it can be retried). The same `Idempotency-Key` and body replay the first answer with `Idempotent-Replayed: true`; another body with the same key is 422; a request still in flight is 409 with `Retry-After`.
     */
    post: operations['paymentsInitiate'];
  };
  '/api/v1/payments/feexpay/{id}/status': {
    /**
     * Get a payment
     * @description The payment as it stands, refreshed from FeexPay while PENDING. With `?ref=` (a card payment’s customer back from FeexPay’s card page), the payment is first confirmed with FeexPay for that reference, if FeexPay ties it to this payment. Someone else’s id answers 404, exactly like a missing one.
     */
    get: operations['paymentsStatus'];
  };
  '/api/v1/payments/feexpay/history': {
    /**
     * List the caller’s payments
     * @description Newest first, `limit` per page (default 20, at most 100). Follow `nextCursor` until it is null. Filter with `status`.
     */
    get: operations['paymentsHistory'];
  };
  '/api/v1/payments/feexpay/retry/{id}': {
    /**
     * Retry a FAILED or EXPIRED payment
     * @description A new, linked payment with the same order (`retryOf` on the new one, `attempts` on the old one). OTP networks need a fresh `otp`. A payment that is PENDING or SUCCESSFUL answers 409 `payment_not_retryable`. One live retry per payment: while an earlier retry of it is still PENDING, a retry with a new key answers 409 `retry_in_progress` naming that attempt. Idempotency as for initiate.
     */
    post: operations['paymentsRetry'];
  };
  '/api/v1/payments/feexpay/payments/{id}': {
    /**
     * Get any payment (merchant server)
     * @description Any payment of the deployment, whoever started it (a checkout’s attempt, or a customer’s initiate), refreshed from FeexPay while PENDING. What your backend reads before it fulfils.
     */
    get: operations['paymentsGet'];
  };
  '/api/v1/payments/feexpay/payments': {
    /**
     * List payments (merchant server)
     * @description Any payment of the deployment, newest first: those of one `orderId` (its checkouts’ attempts), or those created between `from` and `to` (default: the last 30 days; at most 92 days), optionally of one `status`. Follow `nextCursor` until it is null; a page filtered by `status` may hold fewer than `limit`.
     */
    get: operations['paymentsList'];
  };
  '/api/v1/payments/feexpay/checkouts': {
    /**
     * Create a checkout
     * @description Your server fixes the amount and names the order; the answer’s `url` is the hosted page where the customer pays (French by default). One OPEN checkout per `orderId`: a second is 409 `checkout_exists` naming the first in `checkoutId`; once a checkout of the order is PAID, 409 `order_paid`. An EXPIRED or CANCELED checkout no longer holds its order. The same `Idempotency-Key` and body answer the checkout it created (as it stands now), with `Idempotent-Replayed: true`; another body is 422.
     */
    post: operations['checkoutsCreate'];
  };
  '/api/v1/payments/feexpay/checkouts/{id}': {
    /**
     * Get a checkout
     * @description The checkout, its attempts (each a payment: GET payments/{id}/) and the one that paid it. Read it (or the payment named by `paidPaymentId`) before you fulfil, or wait for `checkout.completed`.
     */
    get: operations['checkoutsGet'];
  };
  '/api/v1/payments/feexpay/checkouts/{id}/cancel': {
    /**
     * Cancel a checkout
     * @description OPEN → CANCELED, while no attempt is live (409 `attempt_in_progress` naming it otherwise). Cancelling a CANCELED checkout answers it again; a PAID or EXPIRED one is 409.
     */
    post: operations['checkoutsCancel'];
  };
  '/api/v1/payments/feexpay/checkouts/{id}/public': {
    /**
     * What the customer sees of a checkout
     * @description Public: the checkout id is the capability. The amount, currency, description, status, networks, expiry and the latest attempt (masked number, status, why it failed). Nothing else. The hosted page polls it; with `?ref=` (back from FeexPay’s card page) a card attempt is first confirmed with FeexPay. Rate-limited per checkout and per address.
     */
    get: operations['checkoutsPublic'];
  };
  '/api/v1/payments/feexpay/checkouts/{id}/pay': {
    /**
     * Pay a checkout
     * @description Public: the checkout id is the capability. Starts one attempt with the customer’s network and number (`+229 01 97 00 00 00`, `0197000000` and `2290197000000` are the same number); the amount and currency are the checkout’s (sending them is a 400). One attempt at a time: 409 `attempt_in_progress` names the live one in `paymentId`. With `network: card` the attempt answers FeexPay’s card page as `paymentUrl` (the number is the payer’s, with its country code); the page sends the customer back to the hosted page with `?ref=`. A FAILED or EXPIRED attempt lets the customer try again, with another number or network. None after PAID, CANCELED or expiry (409). Idempotency as for initiate. Rate-limited per checkout and per address.
     */
    post: operations['checkoutsPay'];
  };
  '/api/v1/payments/feexpay/checkouts/{id}/otp': {
    /**
     * Send the code of a two-step OTP network, for a checkout
     * @description Public: the checkout id is the capability. When the checkout’s attempt says `awaitingOtp: true` (networks with `flow: otp_confirm`, e.g. Coris), the code FeexPay sent the customer after the attempt started. The same step as POST {id}/otp/: FeexPay is asked once; the answer is the attempt, SUCCESSFUL, FAILED (`failureCode` `otp_invalid` for a wrong or expired code: pay again for a new code) or PENDING (follow the checkout). The same `Idempotency-Key` and code replay the first answer; a code already sent with another key is 409 `otp_already_submitted`; no attempt waiting for a code is 409 `otp_not_expected`. Rate-limited per checkout and per address.
     */
    post: operations['checkoutsOtp'];
  };
  '/api/v1/payments/feexpay/pay/{id}': {
    /**
     * The hosted checkout page
     * @description The page at a checkout’s `url`, HTML: French by default, English by `Accept-Language`, the checkout’s `locale` or `?lang=en`. The customer picks a network, types a number, approves on the phone and watches the status live; the page brings them back to your `returnUrl` with `checkout` and `status` in the query. 404 (a page) for an unknown id.
     */
    get: operations['checkoutPage'];
  };
  '/api/v1/payments/feexpay/{id}/otp': {
    /**
     * Send the code of a two-step OTP network
     * @description For a payment with `awaitingOtp: true` (networks with `flow: otp_confirm`, e.g. Coris): the code FeexPay sent the customer after the payment started. FeexPay is asked once; the answer is the payment, SUCCESSFUL, FAILED (`failureCode` `otp_invalid` for a wrong or expired code) or PENDING (follow it with GET {id}/status/). A FeexPay refusal is 502 `provider_rejected` and the payment FAILED; FeexPay unavailable is 503 and the code may be sent again. The same `Idempotency-Key` and code replay the first answer; a code already sent with another key is 409 `otp_already_submitted`.
     */
    post: operations['paymentsOtp'];
  };
  '/api/v1/payments/feexpay/payouts': {
    /**
     * List payouts and refunds
     * @description Your payouts and refunds, newest first, a page at a time (`nextCursor`).
     */
    get: operations['payoutsList'];
    /**
     * Pay out to a wallet
     * @description Sends money from your FeexPay balance to a mobile-money wallet. The payout is recorded PENDING before FeexPay is called, and FeexPay is called once: if it does not answer, the payout stays PENDING and is settled by FeexPay’s webhook or the reconciler’s status reads, never sent twice. It becomes SUCCESSFUL only when FeexPay’s status read confirms our reference and amount; `payout.succeeded` or `payout.failed` follows. FeexPay’s limits are checked first: at least 50 XOF in Benin and 100 elsewhere, at most 100000 per payout, a `motif` of at most 30 letters, digits and spaces; Orange BF, Wave BF and Coris take no payouts through the API (422). The same `Idempotency-Key` and body answer the payout it created, as it stands, with `Idempotent-Replayed: true`; another body is 422.
     */
    post: operations['payoutsCreate'];
  };
  '/api/v1/payments/feexpay/payouts/{id}': {
    /**
     * Get a payout
     * @description One of your payouts or refunds (another client’s is 404).
     */
    get: operations['payoutsGet'];
  };
  '/api/v1/payments/feexpay/payments/{id}/refunds': {
    /**
     * List a payment’s refunds
     * @description Every refund of the payment, oldest first, in any status.
     */
    get: operations['refundsList'];
    /**
     * Refund a payment
     * @description Gives a SUCCESSFUL payment’s money back to its payer: a payout to the payment’s phone on its network, from your FeexPay balance (FeexPay has no refund API). `amount` defaults to all that remains refundable; refunds that are PENDING or SUCCESSFUL hold their amount and their sum never exceeds the amount paid, even under concurrent requests; a FAILED refund frees its amount (make a new refund with a new key). The payment then shows `amountRefunded` and `refunds`; `refund.succeeded` or `refund.failed` follows. A checkout’s overpaying attempt (`checkout.overpaid`, `overpaidPaymentIds`) is refunded in one call on that payment. A card payment answers 422 `refund_not_supported` with the way to refund it from FeexPay’s dashboard. The same `Idempotency-Key` and body answer the refund it created, as it stands; another body is 422.
     */
    post: operations['refundsCreate'];
  };
  '/api/v1/payments/feexpay/openapi.json': {
    /**
     * This document
     * @description The OpenAPI 3.1 description of the API. Cacheable; send `If-None-Match`.
     */
    get: operations['openApiDocument'];
  };
  '/api/v1/payments/feexpay/reference': {
    /**
     * This document as a page
     * @description The OpenAPI document rendered for reading (Redoc), self-contained: it loads nothing from elsewhere. Gzipped when the client accepts it; cacheable, send `If-None-Match`.
     */
    get: operations['apiReference'];
  };
  '/api/v1/payments/feexpay/admin': {
    /**
     * The back office (page)
     * @description The back office’s page, HTML, French or English: it holds no data and asks the operator for a token carrying the operator scope (or takes one from the URL fragment `#token=`), then calls the routes below with it.
     */
    get: operations['adminPage'];
  };
  '/api/v1/payments/feexpay/admin/payments': {
    /**
     * List payments (operator)
     * @description Payments newest first, created between `from` and `to` (default: the last 30 days; at most 92 days), filtered by `status`, `network` and amount. Follow `nextCursor` until it is null.
     */
    get: operations['adminPaymentsList'];
  };
  '/api/v1/payments/feexpay/admin/export': {
    /**
     * Export payments as CSV (operator)
     * @description The list’s filters, every matching payment as CSV (at most 5,000 rows; `X-Export-Truncated: true` when more matched: narrow the dates). Phone numbers masked.
     */
    get: operations['adminPaymentsExport'];
  };
  '/api/v1/payments/feexpay/admin/search': {
    /**
     * Find payments (operator)
     * @description By our id (`pay_…`, or a checkout’s `chk_…`: its attempts), the merchant’s `orderId`, FeexPay’s reference, or the payer’s phone number as typed (`+229 01 66 00 00 00`, `0166000000`): every way the text can be, or only `by`. Each match says how it was found (`matchedBy`). `phoneSearch: false` when the deployment has no phone-lookup key.
     */
    get: operations['adminSearch'];
  };
  '/api/v1/payments/feexpay/admin/payments/{id}': {
    /**
     * A payment and its timeline (operator)
     * @description The payment, its checkout, the actions possible now, and its timeline in time order: state changes, FeexPay’s answers, webhooks received, notification attempts, retries, status reads (counted) and operator actions, each with its time and source.
     */
    get: operations['adminPaymentTimeline'];
  };
  '/api/v1/payments/feexpay/admin/payments/{id}/resend': {
    /**
     * Re-send a payment’s notification (operator)
     * @description Queues the merchant notification of the payment’s final state again, with its original `webhook-id` (a merchant that processed it drops the copy), and records an `operator_action` event naming the operator (the token’s `sub`) on the payment.
     */
    post: operations['adminPaymentResend'];
  };
  '/api/v1/payments/feexpay/admin/checkouts/{id}/cancel': {
    /**
     * Cancel an open checkout (operator)
     * @description As the merchant’s own cancellation (OPEN → CANCELED while no attempt is live), its `status_changed` event naming the operator.
     */
    post: operations['adminCheckoutCancel'];
  };
  '/api/v1/payments/feexpay/admin/networks': {
    /**
     * Network health (operator)
     * @description Per network, over the last hour and day: payments started and settled, success rate, median seconds to success; and payments started per day (14 days). Computed from our own payments every 5 minutes; `computedAt: null` before the first computation.
     */
    get: operations['adminNetworkHealth'];
  };
  '/api/v1/payments/feexpay/admin/payments/{id}/refunds': {
    /**
     * Refund a payment (operator)
     * @description The merchant’s refund (`POST payments/{id}/refunds/`: same rules, same checks, same `refund.succeeded` or `refund.failed`), asked by an operator: `reason` is required, `amount` defaults to all that remains. An `operator_action` event naming the operator (the token’s `sub`) and the refund is recorded on the payment before FeexPay is called; the refund carries `metadata.refundedBy`. It belongs to the merchant of the payment’s checkout (else to the payment’s owner). The page sends a new `Idempotency-Key` per confirmation; the same key and body answer the same refund, without a second audit entry. A card payment answers 422 `refund_not_supported` with the way to refund it from FeexPay’s dashboard.
     */
    post: operations['adminPaymentRefund'];
  };
}

export interface webhooks {
  paymentNotification: {
    /**
     * Payment settled (sent to your endpoint)
     * @description Standard Webhooks: verify `webhook-signature` with your `whsec_` secret (the `standardwebhooks` library), then de-duplicate on `webhook-id`. Sent for payment.succeeded, payment.failed and payment.expired; retried with backoff until you answer 2xx (docs/webhooks.md).
     */
    post: operations['paymentNotification'];
  };
  checkoutNotification: {
    /**
     * Checkout paid, expired or overpaid (sent to your endpoint)
     * @description Standard Webhooks: verify `webhook-signature` with your `whsec_` secret (the `standardwebhooks` library), then de-duplicate on `webhook-id`. Sent for checkout.completed, checkout.expired and checkout.overpaid; retried with backoff until you answer 2xx (docs/webhooks.md).
     */
    post: operations['checkoutNotification'];
  };
  payoutNotification: {
    /**
     * Payout or refund settled (sent to your endpoint)
     * @description Standard Webhooks: verify `webhook-signature` with your `whsec_` secret (the `standardwebhooks` library), then de-duplicate on `webhook-id`. Sent for payout.succeeded, payout.failed, refund.succeeded and refund.failed; retried with backoff until you answer 2xx (docs/webhooks.md).
     */
    post: operations['payoutNotification'];
  };
}

export interface components {
  schemas: {
    /** @description Start a payment. */
    InitiateRequest: {
      /** @description Amount in the currency’s base unit, within the network’s bounds. */
      amount: number;
      /**
       * @description Currency of the network’s country.
       * @enum {string}
       */
      currency: 'XOF' | 'XAF';
      /** @description Network id from GET providers/, e.g. mtn, moov, celtiis_bj. */
      network: string;
      /** @description The number to charge, of the network’s country: `+229 01 66 00 00 00`, `0166000000` or `2290166000000` (spaces, dashes, dots and brackets are dropped). Stored and answered as digits, country code first (`2290166000000`). */
      phoneNumber: string;
      /** @description Shown to the customer; letters, digits and spaces are kept (FeexPay's rule), at most 100 after cleaning. No control or bidirectional-text characters, and not blank. */
      description?: string;
      /** @description No control or bidirectional-text characters, and not blank. */
      firstName?: string;
      /** @description No control or bidirectional-text characters, and not blank. */
      lastName?: string;
      /** Format: email */
      email?: string;
      /** @description Where redirect networks send the customer back; required for `card` (FeexPay’s card page adds `?ref=`: pass it to GET {id}/status/). */
      returnUrl?: string;
      /** @description The payment code the customer made first, required by `flow: otp` networks (see GET providers/); not sent for others. */
      otp?: string;
      /** @description Your own small key/value object, echoed back on the payment and in notifications. */
      metadata?: {
        [key: string]: string | number | boolean;
      };
    };
    /** @description Retry a FAILED or EXPIRED payment. */
    RetryRequest: {
      /** @description A fresh payment code, for `flow: otp` networks (codes are single-use). */
      otp?: string;
    };
    /** @description Confirm a payment with the code FeexPay sent the customer. */
    OtpRequest: {
      /** @description The code FeexPay sent the customer after the payment started. */
      otp: string;
    };
    /** @description Create a checkout: your server fixes the amount, the customer pays on the page. */
    CreateCheckoutRequest: {
      /** @description What the customer pays, in the currency’s base unit. */
      amount: number;
      /** @enum {string} */
      currency: 'XOF' | 'XAF';
      /** @description Your order reference (required). One OPEN checkout per order, and none once a checkout of it is PAID. */
      orderId: string;
      /** @description Shown to the customer on the page; letters, digits and spaces are kept (FeexPay's rule), at most 100 after cleaning. No control or bidirectional-text characters, and not blank. */
      description?: string;
      /** @description What you know of the customer: prefills the page and travels to FeexPay. */
      customer?: {
        /** @description Prefills the page: `+229 01 66 00 00 00`, `0166000000` or `2290166000000`. */
        phoneNumber?: string;
        /** @description No control or bidirectional-text characters, and not blank. */
        firstName?: string;
        /** @description No control or bidirectional-text characters, and not blank. */
        lastName?: string;
        /** Format: email */
        email?: string;
      };
      /** @description Network ids (GET providers/) the customer may choose from. Default: every network of the currency. */
      networks?: string[];
      /** @description Countries (ISO codes) whose networks the customer may choose from. */
      countries?: string[];
      /** @description Where the page sends the customer back, with `checkout` and `status` added to the query. */
      returnUrl?: string;
      /**
       * @description How long attempts may start: default 1800 (30 minutes), at most 86400 (24 hours).
       * @default 1800
       */
      expiresInSeconds?: number;
      /**
       * @description The page’s language. Default: the customer’s browser, French first.
       * @enum {string}
       */
      locale?: 'fr' | 'en';
      /** @description Your own small key/value object, echoed back on the payment and in notifications. */
      metadata?: {
        [key: string]: string | number | boolean;
      };
    };
    /** @description Pay a checkout. */
    PayCheckoutRequest: {
      /** @description One of the checkout’s networks. */
      network: string;
      /** @description The number to charge, as the customer types it: `+229 01 66 00 00 00`, `0166000000` or `2290166000000`. */
      phoneNumber: string;
      /** @description Payment code, for networks whose flow is `otp`. */
      otp?: string;
    };
    CreatePayoutRequest: {
      /** @description In the currency’s base unit: at least FeexPay’s minimum for the network (50 in Benin, 100 elsewhere), at most 100000. */
      amount: number;
      /**
       * @description Currency of the network’s country.
       * @enum {string}
       */
      currency: 'XOF' | 'XAF';
      /** @description Network id from GET providers/. */
      network: string;
      /** @description The beneficiary: digits only, country code first, no "+" (e.g. 2290166000000). */
      phoneNumber: string;
      /** @description What the beneficiary’s operator shows: letters, digits and spaces, at most 30 characters. */
      motif: string;
      /** @description Your own small key/value object, echoed back on the payment and in notifications. */
      metadata?: {
        [key: string]: string | number | boolean;
      };
    };
    CreateRefundRequest: {
      /** @description What to give back; default: all that remains refundable on the payment. */
      amount?: number;
      /** @description Why, for your records (kept on the refund); its letters, digits and spaces make FeexPay’s `motif`. */
      reason?: string;
      /** @description Your own small key/value object, echoed back on the payment and in notifications. */
      metadata?: {
        [key: string]: string | number | boolean;
      };
    };
    OperatorRefundRequest: {
      /** @description What to give back; default: all that remains refundable on the payment. */
      amount?: number;
      /** @description Why (required): kept on the refund, and its letters make FeexPay’s `motif`. */
      reason: string;
    };
    /** @description An attempt to pay a checkout, as its payer sees it. */
    CheckoutAttempt: {
      /** @description The payment this attempt is. */
      id: string;
      /**
       * @description PENDING until FeexPay settles; SUCCESSFUL and FAILED are final; EXPIRED moves on only to SUCCESSFUL when FeexPay later confirms.
       * @enum {string}
       */
      status: 'PENDING' | 'SUCCESSFUL' | 'FAILED' | 'EXPIRED';
      network: string;
      /** @description Masked (229******0000). */
      phoneNumber: string;
      /** @description Redirect networks, while PENDING: where the customer approves it. */
      paymentUrl?: string;
      /**
       * @description Two-step OTP networks (`flow: otp_confirm`, e.g. Coris), while PENDING: FeexPay sent the customer a code, to send with POST checkouts/{id}/otp/.
       * @constant
       */
      awaitingOtp?: true;
      /**
       * @description Why it did not pay (FAILED or EXPIRED): one of the documented failure codes.
       * @enum {string}
       */
      failureCode?:
        | 'declined'
        | 'insufficient_funds'
        | 'timeout'
        | 'invalid_number'
        | 'amount_not_allowed'
        | 'otp_invalid'
        | 'card_declined'
        | 'provider_unavailable'
        | 'provider_rejected'
        | 'unknown';
    };
    /** @description A checkout, as the merchant’s server sees it. */
    Checkout: {
      /** @description `chk_…`: 130 random bits; the capability the customer holds. */
      id: string;
      /**
       * @description OPEN until an attempt pays it (PAID), its time runs out with nothing live (EXPIRED), or you cancel it (CANCELED). An attempt that succeeds late still makes an EXPIRED or CANCELED checkout PAID.
       * @enum {string}
       */
      status: 'OPEN' | 'PAID' | 'EXPIRED' | 'CANCELED';
      /** @description In the currency’s base unit. */
      amount: number;
      /**
       * @description XOF and XAF have no minor unit.
       * @enum {string}
       */
      currency: 'XOF' | 'XAF';
      /** @description Your order reference. */
      orderId: string;
      description?: string;
      customer?: {
        /** @description Masked (229******0000). */
        phoneNumber?: string;
        firstName?: string;
        lastName?: string;
        email?: string;
      };
      /** @description Network ids the customer may choose from. */
      networks: string[];
      returnUrl?: string;
      /** @enum {string} */
      locale?: 'fr' | 'en';
      /** @description Echo of the metadata you sent. */
      metadata?: {
        [key: string]: string | number | boolean;
      };
      /** @description The hosted page: send the customer here. */
      url: string;
      /**
       * Format: date-time
       * @description No attempt starts after this.
       */
      expiresAt: string;
      /** @description Every attempt to pay it, oldest first; each is a payment (GET payments/{id}/). */
      attempts: {
        paymentId: string;
        network: string;
        /**
         * @description PENDING until FeexPay settles; SUCCESSFUL and FAILED are final; EXPIRED moves on only to SUCCESSFUL when FeexPay later confirms.
         * @enum {string}
         */
        status: 'PENDING' | 'SUCCESSFUL' | 'FAILED' | 'EXPIRED';
        /**
         * Format: date-time
         * @description ISO-8601 timestamp, UTC.
         */
        createdAt: string;
      }[];
      /** @description The attempt that may still succeed. */
      liveAttemptId?: string;
      /** @description The one attempt that paid it. */
      paidPaymentId?: string;
      /**
       * Format: date-time
       * @description ISO-8601 timestamp, UTC.
       */
      paidAt?: string;
      /** @description Paid by an attempt that succeeded after the checkout EXPIRED or was CANCELED. */
      lateSuccess?: boolean;
      /** @description Attempts that succeeded after another paid it: refund them. */
      overpaidPaymentIds?: string[];
      /**
       * Format: date-time
       * @description ISO-8601 timestamp, UTC.
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description ISO-8601 timestamp, UTC.
       */
      updatedAt: string;
    };
    /**
     * @description Why a payment FAILED, as a stable code to show the payer a text for (the typed client's `failureMessage(code, locale)` has them in French and English; docs/payments.md, "Failure codes"). `declined`: The customer (or the operator on their behalf) declined or cancelled the payment. `insufficient_funds`: The balance was too low, or a wallet limit was reached. `timeout`: The customer did not confirm in time. `invalid_number`: The number has no wallet on this network, or is not a valid number. `amount_not_allowed`: The operator refused the amount (below its minimum or above a limit). `otp_invalid`: The payment code (OTP) was missing, wrong or expired. `card_declined`: The card was declined (by its bank, or 3-D Secure failed) on FeexPay’s card page. `provider_unavailable`: FeexPay or the operator was unavailable; the request was not taken, nobody was charged. `provider_rejected`: FeexPay refused the request itself (network not enabled for the shop, our credentials, invalid fields). `unknown`: Any other reason; `failureReason` has FeexPay’s words. A code this version does not list should be shown as `unknown`.
     * @enum {string}
     */
    FailureCode:
      | 'declined'
      | 'insufficient_funds'
      | 'timeout'
      | 'invalid_number'
      | 'amount_not_allowed'
      | 'otp_invalid'
      | 'card_declined'
      | 'provider_unavailable'
      | 'provider_rejected'
      | 'unknown';
    /** @description Liveness and dependency checks; never secrets. */
    HealthReport: {
      /**
       * @description `degraded` (503) when a dependency check failed.
       * @enum {string}
       */
      status: 'ok' | 'degraded';
      /** @description Each check, only where the deployment enables the detail (`healthDetail`). */
      checks?: {
        /** @enum {string} */
        dynamodb: 'ok' | 'fail';
        /** @enum {string} */
        secretsManager: 'ok' | 'fail';
      };
      /** @description When the checks ran (they are reused for 10 s), with `checks`. */
      checkedAt?: string;
    };
    /** @description One page of the caller’s payments. */
    HistoryPage: {
      /** @description Newest first. */
      items: components['schemas']['Payment'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    /** @description One page of the deployment’s payments. */
    PaymentsPage: {
      /** @description Newest first. */
      items: components['schemas']['Payment'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    /**
     * @description Why a payout or a refund FAILED (docs/refunds-and-payouts.md, "Failure codes"). `insufficient_balance`: The merchant’s FeexPay balance was too low for this payout: top it up, then make a new payout (or refund) with a new Idempotency-Key. `invalid_number`: The number has no wallet on this network, or is not a valid number. `amount_not_allowed`: FeexPay or the operator refused the amount (below a minimum, above a limit). `declined`: The operator refused or cancelled the transfer. `provider_unavailable`: FeexPay or the operator was unavailable; nothing was sent, nothing was paid out. `provider_rejected`: FeexPay refused the request itself (network not enabled for payouts, our credentials or IP, invalid fields). `unknown`: Any other reason; `failureReason` has FeexPay’s words.
     * @enum {string}
     */
    PayoutFailureCode:
      | 'insufficient_balance'
      | 'invalid_number'
      | 'amount_not_allowed'
      | 'declined'
      | 'provider_unavailable'
      | 'provider_rejected'
      | 'unknown';
    /** @description A payout (or a refund) from the merchant’s FeexPay balance. */
    Payout: {
      /** @description `po_…` for a payout, `rf_…` for a refund. */
      id: string;
      /**
       * @description A refund is a payout to a payment’s payer.
       * @enum {string}
       */
      purpose: 'payout' | 'refund';
      /**
       * @description PENDING until FeexPay confirms; SUCCESSFUL and FAILED are final and never change again.
       * @enum {string}
       */
      status: 'PENDING' | 'SUCCESSFUL' | 'FAILED';
      /** @description In the currency’s base unit. */
      amount: number;
      /**
       * @description XOF and XAF have no minor unit.
       * @enum {string}
       */
      currency: 'XOF' | 'XAF';
      /** @description Network id from GET providers/. */
      network: string;
      /** @description The beneficiary’s number, masked (229******0000). */
      phoneNumber: string;
      /** @description What FeexPay’s `motif` carried (at most 30 characters). */
      motif: string;
      /** @description Echo of the metadata you sent. */
      metadata?: {
        [key: string]: string | number | boolean;
      };
      /** @description A refund’s payment. */
      paymentId?: string;
      /** @description A refund’s reason, as you gave it. */
      reason?: string;
      /** @description Why it FAILED, in FeexPay’s words. */
      failureReason?: string;
      failureCode?: components['schemas']['PayoutFailureCode'];
      /**
       * Format: date-time
       * @description ISO-8601 timestamp, UTC.
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description ISO-8601 timestamp, UTC.
       */
      updatedAt: string;
    };
    /** @description One page of your payouts and refunds. */
    PayoutsPage: {
      /** @description Newest first. */
      items: components['schemas']['Payout'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    /** @description RFC 9457 problem details. */
    Problem: {
      /** @description `urn:feexpay-serverless:problem:<code>`. */
      type: string;
      /** @description A short summary, in the language of `Content-Language` (French for `Accept-Language: fr`, `fr-FR`, `fr-BJ`…; English otherwise). */
      title: string;
      status: number;
      /** @description Stable machine-readable code: validation_failed, malformed_json, unauthorized, insufficient_scope, not_found, method_not_allowed, request_in_progress, payment_not_retryable, payment_pending, retry_in_progress, checkout_exists, order_paid, attempt_in_progress, checkout_paid, checkout_expired, checkout_canceled, too_many_attempts, otp_not_expected, otp_already_submitted, payment_not_refundable, refund_exceeds_remaining, refund_not_supported, payout_network_unsupported, payout_amount_out_of_range, payload_too_large, unsupported_media_type, idempotency_key_reused, rate_limited, provider_rejected, provider_error, provider_unavailable, service_unavailable, internal_error. */
      code: string;
      /** @description What happened and what to do, for a developer, in the language of `Content-Language`. Branch on `code` and the id fields, never on this text. */
      detail: string;
      /** @description Every offending field of the request at once (body, query, path and headers, schema and catalog checks together), on `validation_failed` (and the `Idempotency-Key` on `idempotency_key_reused`). */
      errors?: {
        /** @description Where: a body field by its path (`amount`, `customer.phoneNumber`), `query.<name>`, `path.<name>`, a header (`Idempotency-Key`) or `(body)`. */
        field: string;
        /** @description What to send instead, in the language of `Content-Language`; written by us, never a library’s text. */
        message: string;
      }[];
      /** @description The checkout the problem is about: the one holding the order, for a 409. */
      checkoutId?: string;
      /** @description Quote it when reporting a problem. */
      correlationId: string;
      /** @description The payment the problem is about: when FeexPay refused it or was unavailable (`failureCode` then says why; retry it with POST retry/{paymentId}/), the payment a 409 refuses to retry or to take a code for, or a checkout’s live (or paying) attempt. */
      paymentId?: string;
      /** @description The payment still PENDING that blocks the request (`retry_in_progress`, `attempt_in_progress`): follow it, and act again once it has ended. */
      activeAttempt?: string;
      failureCode?: components['schemas']['FailureCode'];
    };
    ProviderCountry: {
      /** @description ISO 3166-1 alpha-2. */
      iso: string;
      name: string;
      /** @description Country calling code, digits only. */
      dialCode: string;
      /**
       * @description XOF and XAF have no minor unit.
       * @enum {string}
       */
      currency: 'XOF' | 'XAF';
      /** @description Digits after the dial code. */
      nationalNumberLength: number;
      networks: components['schemas']['ProviderNetwork'][];
    };
    ProviderNetwork: {
      /** @description Network id to send as `network`. */
      id: string;
      name: string;
      minAmount: number;
      maxAmount: number;
      /**
       * @description push: the customer approves a prompt on the phone; redirect: send the customer to `paymentUrl`; otp: the customer makes a payment code first (see `otpHint`) and you send it as `otp` with the request; otp_confirm: start the payment without a code, FeexPay then sends the customer one, which you send with POST {id}/otp/ (the payment says `awaitingOtp`); card: a bank card (Visa, Mastercard) on FeexPay’s hosted card page (FeexLink): send the customer to `paymentUrl`, which brings them back to your `returnUrl` with `?ref=` (network id `card`, listed in every country that offers it; docs/cards.md). Whatever the flow, follow `paymentUrl` when a payment has one.
       * @enum {string}
       */
      flow: 'push' | 'redirect' | 'otp' | 'otp_confirm' | 'card';
      /** @description How the customer gets the payment code (OTP networks), in French and English. */
      otpHint?: {
        fr: string;
        en: string;
      };
      /** @description Indicative fee in percent, or null if unknown. */
      feePercent: number | null;
      /** @description A hint from this deployment’s own recent payments (FeexPay publishes no availability): `ok` when at least 80 % of the settled payments of the last hour (or day, when the hour has fewer than 5) succeeded, `degraded` from 50 %, `down` below, `unknown` with too few. Absent before the first computation. */
      availability?: {
        /** @enum {string} */
        status: 'ok' | 'degraded' | 'down' | 'unknown';
        successRate: number | null;
        medianSecondsToSuccess: number | null;
        window: ('hour' | 'day') | null;
        computedAt: string;
      };
    };
    /** @description FeexPay pay-in networks by country. */
    ProvidersCatalog: {
      countries: components['schemas']['ProviderCountry'][];
    };
    /** @description What anyone holding the checkout id may see. */
    PublicCheckout: {
      id: string;
      /**
       * @description OPEN until an attempt pays it (PAID), its time runs out with nothing live (EXPIRED), or you cancel it (CANCELED). An attempt that succeeds late still makes an EXPIRED or CANCELED checkout PAID.
       * @enum {string}
       */
      status: 'OPEN' | 'PAID' | 'EXPIRED' | 'CANCELED';
      amount: number;
      /**
       * @description XOF and XAF have no minor unit.
       * @enum {string}
       */
      currency: 'XOF' | 'XAF';
      description?: string;
      /** @description Network ids the customer may pay with. */
      networks: string[];
      /**
       * Format: date-time
       * @description ISO-8601 timestamp, UTC.
       */
      expiresAt: string;
      /** @description The latest attempt, live or just ended. */
      attempt?: components['schemas']['CheckoutAttempt'];
    };
    /** @description A payment, as its owner sees it. */
    Payment: {
      /** @description Opaque payment id. */
      id: string;
      /**
       * @description PENDING until FeexPay settles; SUCCESSFUL and FAILED are final; EXPIRED moves on only to SUCCESSFUL when FeexPay later confirms.
       * @enum {string}
       */
      status: 'PENDING' | 'SUCCESSFUL' | 'FAILED' | 'EXPIRED';
      /** @description In the currency’s base unit. */
      amount: number;
      /**
       * @description XOF and XAF have no minor unit.
       * @enum {string}
       */
      currency: 'XOF' | 'XAF';
      /** @description Network id from GET providers/. */
      network: string;
      /** @description The customer’s number, masked (229******0000). */
      phoneNumber: string;
      description?: string;
      /** @description Echo of the metadata you sent. */
      metadata?: {
        [key: string]: string | number | boolean;
      };
      /** @description Redirect networks: send the customer here to approve the payment. */
      paymentUrl?: string;
      /** @description Why the payment FAILED, in FeexPay’s words (for operators; show `failureCode`). */
      failureReason?: string;
      failureCode?: components['schemas']['FailureCode'];
      /** @description Two-step OTP networks (`flow: otp_confirm`): FeexPay sent the customer a code; send it with POST {id}/otp/. */
      awaitingOtp?: boolean;
      /** @description The FAILED or EXPIRED payment this one retries. */
      retryOf?: string;
      /** @description On the first payment of a retry chain: the ids of every retry of the chain, oldest first. */
      attempts?: string[];
      /** @description The checkout this payment is an attempt of. */
      checkoutId?: string;
      /** @description The merchant’s order, for a checkout’s attempt. */
      orderId?: string;
      /** @description Once a refund was asked for: the sum of its SUCCESSFUL refunds (docs/refunds-and-payouts.md). */
      amountRefunded?: number;
      /** @description Once a refund was asked for: the ids of its refunds, oldest first. */
      refunds?: string[];
      /**
       * Format: date-time
       * @description ISO-8601 timestamp, UTC.
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description ISO-8601 timestamp, UTC.
       */
      updatedAt: string;
    };
    /** @description Every refund of a payment. */
    RefundsList: {
      /** @description Oldest first. */
      items: components['schemas']['Payout'][];
    };
    WebhookAck: {
      /** @constant */
      received: true;
      /** @description The same event was received before. */
      duplicate: boolean;
    };
    /** @description What your notification endpoint receives about a payment. */
    PaymentNotification: {
      /** @enum {string} */
      type: 'payment.succeeded' | 'payment.failed' | 'payment.expired';
      /** Format: date-time */
      timestamp: string;
      data: components['schemas']['Payment'];
    };
    /** @description What your notification endpoint receives about a checkout. */
    CheckoutNotification: {
      /** @enum {string} */
      type: 'checkout.completed' | 'checkout.expired' | 'checkout.overpaid';
      /** Format: date-time */
      timestamp: string;
      data: components['schemas']['Checkout'];
    };
    /** @description What your notification endpoint receives about a payout or a refund. */
    PayoutNotification: {
      /** @enum {string} */
      type: 'payout.succeeded' | 'payout.failed' | 'refund.succeeded' | 'refund.failed';
      /** Format: date-time */
      timestamp: string;
      data: components['schemas']['Payout'];
    };
    /** @description FeexPay’s notification, as FeexPay sends it (fields vary; only `reference` is relied on). */
    FeexPayWebhook: {
      reference?: string;
      status?: string;
      amount?: number;
      [key: string]: unknown;
    };
  };
  responses: {
    /** @description `validation_failed`: Fields are missing or wrong; `errors` names every one at once (body, query, path, headers), each with what to send, in French or English after `Accept-Language`. `malformed_json`: The body is not JSON. */
    BadRequest: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
        'Content-Language': components['headers']['ContentLanguage'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The bearer token (or the webhook token) is missing, expired or not valid. */
    Unauthorized: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
        'Content-Language': components['headers']['ContentLanguage'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The token is valid but lacks a scope this route requires. */
    Forbidden: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
        'Content-Language': components['headers']['ContentLanguage'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description No such payment (or checkout) for this caller. */
    NotFound: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
        'Content-Language': components['headers']['ContentLanguage'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description `request_in_progress`: The first request with this Idempotency-Key is still running; retry after `Retry-After` seconds with the same key. `payment_not_retryable`: The payment (`paymentId`) is not FAILED or EXPIRED (or its retry was paid). `payment_pending`: The payment is still PENDING: it has no final state, so no notification to re-send (back office). `retry_in_progress`: Another retry of this payment (`paymentId`) is still PENDING: `activeAttempt` is its id; follow it, and retry again only once it has FAILED or EXPIRED. `checkout_exists`: The order already has an OPEN checkout; `checkoutId` names it (send the customer to its `url`, or cancel it first). `order_paid`: A checkout of this order is PAID (`checkoutId`): the order takes no more money. `attempt_in_progress`: An attempt to pay the checkout is still live (`activeAttempt`, also given as `paymentId`); no other starts, and the checkout cannot be cancelled, until it ends. `checkout_paid`: The checkout is PAID (`paymentId` is the attempt that paid it). `checkout_expired`: The checkout expired: no attempt starts any more. `checkout_canceled`: The checkout was cancelled: no attempt starts any more. `too_many_attempts`: The checkout took every attempt it allows (20). `otp_not_expected`: The payment is not waiting for a code: it is settled, its network takes none after it starts, or FeexPay has not asked for one. `otp_already_submitted`: A code was already sent for this payment with another Idempotency-Key; follow the payment with GET {id}/status/. `payment_not_refundable`: Only a SUCCESSFUL payment can be refunded (a PENDING, FAILED or EXPIRED one took no money); `paymentId` names it. */
    Conflict: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
        'Content-Language': components['headers']['ContentLanguage'];
        'Retry-After': components['headers']['RetryAfter'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The body is too large. */
    PayloadTooLarge: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
        'Content-Language': components['headers']['ContentLanguage'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Send `Content-Type: application/json`. */
    UnsupportedMediaType: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
        'Content-Language': components['headers']['ContentLanguage'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description `refund_exceeds_remaining`: The refund asks for more than remains refundable (refunds PENDING or SUCCESSFUL hold their amount; a FAILED one frees it). `detail` and `errors` name what remains. `refund_not_supported`: FeexPay’s API cannot pay this payment back (a card payment, or a network without payouts): `detail` says how to refund it from FeexPay’s dashboard. `payout_network_unsupported`: FeexPay cannot pay out on this network through its API (no payout path, or a code needed from the beneficiary). `payout_amount_out_of_range`: The amount is below FeexPay’s payout minimum for the network’s country (50 XOF in Benin, 100 elsewhere) or above its per-payout maximum (100000). `idempotency_key_reused`: This Idempotency-Key was used with another body. */
    Unprocessable: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
        'Content-Language': components['headers']['ContentLanguage'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Too many requests from this user (or, on a public checkout route, for this checkout or from this address); retry after `Retry-After` seconds. */
    RateLimited: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
        'Content-Language': components['headers']['ContentLanguage'];
        'Retry-After': components['headers']['RetryAfter'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Something failed on our side; quote the correlation id. */
    InternalError: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
        'Content-Language': components['headers']['ContentLanguage'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description `provider_rejected`: FeexPay refused the payment; it is FAILED and nobody was charged. `paymentId` and `failureCode` say which and why. `provider_error`: FeexPay refused our credentials; nobody was charged (an initiated payment is FAILED, `failureCode` `provider_rejected`). */
    BadGateway: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
        'Content-Language': components['headers']['ContentLanguage'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description `provider_unavailable`: FeexPay is unavailable; nobody was charged. Retry after `Retry-After` seconds (for initiate: POST retry/{id}; for the OTP step: send the code again). `service_unavailable`: Our settings are unavailable; nobody was charged. Retry shortly. */
    ServiceUnavailable: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
        'Content-Language': components['headers']['ContentLanguage'];
        'Retry-After': components['headers']['RetryAfter'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
  };
  parameters: {
    /**
     * @description A unique key per logical payment (a UUID). Reuse it when retrying the same request; never for another one. Kept at least 24 h.
     * @example 8e0f6a0c-2b1d-4d8e-9a55-0d6c1b7e4f21
     */
    IdempotencyKey: string;
  };
  requestBodies: never;
  headers: {
    /** @description `true` when this is the stored answer to an earlier request with this key. */
    IdempotentReplayed: 'true';
    /** @description Seconds to wait before retrying. */
    RetryAfter: number;
    /** @description Identifies the request in our logs; send your own with `X-Correlation-Id`. */
    CorrelationId: string;
    /** @description The language of the problem’s `title`, `detail` and field messages: `fr` when the request’s `Accept-Language` prefers French (`fr`, `fr-FR`, `fr-BJ`…, by q-value), else `en`. Problems also carry `Vary: Accept-Language`. */
    ContentLanguage: 'fr' | 'en';
    /** @description Validator for `If-None-Match`. */
    ETag: string;
    /** @description How long the answer may be cached. */
    CacheControl: string;
  };
  pathItems: never;
}

export type $defs = Record<string, never>;

export type external = Record<string, never>;

export interface operations {
  /**
   * List networks by country
   * @description FeexPay pay-in networks by country: currency, amount bounds, flow (push, redirect, OTP), indicative fees, and an availability hint from this deployment’s own recent payments. Public and cacheable for a minute; send `If-None-Match` to get a 304.
   */
  providersList: {
    responses: {
      /** @description The catalog. */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'Cache-Control': components['headers']['CacheControl'];
        };
        content: {
          'application/json': components['schemas']['ProvidersCatalog'];
        };
      };
      /** @description Not modified since the ETag you sent. */
      304: {
        content: never;
      };
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Liveness and dependency checks
   * @description Checks that DynamoDB and Secrets Manager answer, each with a deadline, at most once per 10 s (the result is reused meanwhile). Says only `ok` or `degraded`; which check failed only where the deployment enables it. Never cached by others; no secrets, resource names, or whether the secret is valid, in the answer.
   */
  healthCheck: {
    responses: {
      /** @description Every check passed. */
      200: {
        content: {
          'application/json': components['schemas']['HealthReport'];
        };
      };
      500: components['responses']['InternalError'];
      /** @description At least one check failed. */
      503: {
        content: {
          'application/json': components['schemas']['HealthReport'];
        };
      };
    };
  };
  /**
   * FeexPay settlement webhook
   * @description Called by FeexPay, not by merchants. Authenticated by the secret `token` in the registered URL. A webhook is only a hint: the payment changes only after FeexPay’s status endpoint confirms it (docs/webhooks.md).
   */
  webhookReceive: {
    requestBody: {
      content: {
        /**
         * @example {
         *   "reference": "fp-0c9a8e12",
         *   "status": "SUCCESSFUL",
         *   "amount": 2500
         * }
         */
        'application/json': components['schemas']['FeexPayWebhook'];
      };
    };
    responses: {
      /** @description Stored and queued (or a duplicate). */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['WebhookAck'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Start a payment
   * @description Creates a payment and asks FeexPay to collect it. Answers 201 with the payment, usually PENDING; FeexPay may settle it at once (FAILED with `failureCode` and `failureReason`). Redirect networks answer a `paymentUrl`; so does `card` (Visa, Mastercard: FeexPay’s card page, which sends the customer back to the required `returnUrl` with `?ref=`; pass it to GET {id}/status/); `flow: otp` networks need `otp`; `flow: otp_confirm` networks answer `awaitingOtp: true`, then take the code FeexPay sent the customer with POST {id}/otp/. If FeexPay never answers, the payment stays PENDING without a reference and expires after a few minutes (then it can be retried). The same `Idempotency-Key` and body replay the first answer with `Idempotent-Replayed: true`; another body with the same key is 422; a request still in flight is 409 with `Retry-After`.
   */
  paymentsInitiate: {
    parameters: {
      header: {
        'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
    };
    requestBody: {
      content: {
        /**
         * @example {
         *   "amount": 2500,
         *   "currency": "XOF",
         *   "network": "mtn",
         *   "phoneNumber": "2290197000000",
         *   "description": "Order 1042",
         *   "metadata": {
         *     "orderId": "1042"
         *   }
         * }
         */
        'application/json': components['schemas']['InitiateRequest'];
      };
    };
    responses: {
      /** @description The payment (or, with `Idempotent-Replayed: true`, the first answer again). */
      201: {
        headers: {
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['Payment'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      502: components['responses']['BadGateway'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  /**
   * Get a payment
   * @description The payment as it stands, refreshed from FeexPay while PENDING. With `?ref=` (a card payment’s customer back from FeexPay’s card page), the payment is first confirmed with FeexPay for that reference, if FeexPay ties it to this payment. Someone else’s id answers 404, exactly like a missing one.
   */
  paymentsStatus: {
    parameters: {
      query?: {
        /** @description Card payments: the `ref` FeexPay’s card page added to the return URL. The payment is confirmed with FeexPay at once (docs/cards.md). */
        ref?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The payment. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['Payment'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * List the caller’s payments
   * @description Newest first, `limit` per page (default 20, at most 100). Follow `nextCursor` until it is null. Filter with `status`.
   */
  paymentsHistory: {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
        status?: 'PENDING' | 'SUCCESSFUL' | 'FAILED' | 'EXPIRED';
      };
    };
    responses: {
      /** @description One page. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['HistoryPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Retry a FAILED or EXPIRED payment
   * @description A new, linked payment with the same order (`retryOf` on the new one, `attempts` on the old one). OTP networks need a fresh `otp`. A payment that is PENDING or SUCCESSFUL answers 409 `payment_not_retryable`. One live retry per payment: while an earlier retry of it is still PENDING, a retry with a new key answers 409 `retry_in_progress` naming that attempt. Idempotency as for initiate.
   */
  paymentsRetry: {
    parameters: {
      header: {
        'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
      path: {
        id: string;
      };
    };
    requestBody?: {
      content: {
        /** @example {} */
        'application/json': components['schemas']['RetryRequest'];
      };
    };
    responses: {
      /** @description The new attempt. */
      201: {
        headers: {
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['Payment'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      502: components['responses']['BadGateway'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  /**
   * Get any payment (merchant server)
   * @description Any payment of the deployment, whoever started it (a checkout’s attempt, or a customer’s initiate), refreshed from FeexPay while PENDING. What your backend reads before it fulfils.
   */
  paymentsGet: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The payment. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['Payment'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * List payments (merchant server)
   * @description Any payment of the deployment, newest first: those of one `orderId` (its checkouts’ attempts), or those created between `from` and `to` (default: the last 30 days; at most 92 days), optionally of one `status`. Follow `nextCursor` until it is null; a page filtered by `status` may hold fewer than `limit`.
   */
  paymentsList: {
    parameters: {
      query?: {
        /** @description Only the payments (a checkout’s attempts) of this order. */
        orderId?: string;
        status?: 'PENDING' | 'SUCCESSFUL' | 'FAILED' | 'EXPIRED';
        /** @description Created at or after (ISO-8601). Default: 30 days before `to`; at most 92 days before it. */
        from?: string;
        /** @description Created at or before. Default: now. */
        to?: string;
        cursor?: string;
        limit?: number;
      };
    };
    responses: {
      /** @description One page. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['PaymentsPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Create a checkout
   * @description Your server fixes the amount and names the order; the answer’s `url` is the hosted page where the customer pays (French by default). One OPEN checkout per `orderId`: a second is 409 `checkout_exists` naming the first in `checkoutId`; once a checkout of the order is PAID, 409 `order_paid`. An EXPIRED or CANCELED checkout no longer holds its order. The same `Idempotency-Key` and body answer the checkout it created (as it stands now), with `Idempotent-Replayed: true`; another body is 422.
   */
  checkoutsCreate: {
    parameters: {
      header: {
        'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
    };
    requestBody: {
      content: {
        /**
         * @example {
         *   "amount": 2500,
         *   "currency": "XOF",
         *   "orderId": "1042",
         *   "description": "Order 1042",
         *   "customer": {
         *     "phoneNumber": "+229 01 97 00 00 00",
         *     "firstName": "Aminata"
         *   },
         *   "countries": [
         *     "BJ"
         *   ],
         *   "returnUrl": "https://shop.example.com/orders/1042",
         *   "metadata": {
         *     "cartId": "c_8f3a2b"
         *   }
         * }
         */
        'application/json': components['schemas']['CreateCheckoutRequest'];
      };
    };
    responses: {
      /** @description The checkout, OPEN. */
      201: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
        };
        content: {
          'application/json': components['schemas']['Checkout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Get a checkout
   * @description The checkout, its attempts (each a payment: GET payments/{id}/) and the one that paid it. Read it (or the payment named by `paidPaymentId`) before you fulfil, or wait for `checkout.completed`.
   */
  checkoutsGet: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The checkout. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['Checkout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Cancel a checkout
   * @description OPEN → CANCELED, while no attempt is live (409 `attempt_in_progress` naming it otherwise). Cancelling a CANCELED checkout answers it again; a PAID or EXPIRED one is 409.
   */
  checkoutsCancel: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The checkout, CANCELED. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['Checkout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * What the customer sees of a checkout
   * @description Public: the checkout id is the capability. The amount, currency, description, status, networks, expiry and the latest attempt (masked number, status, why it failed). Nothing else. The hosted page polls it; with `?ref=` (back from FeexPay’s card page) a card attempt is first confirmed with FeexPay. Rate-limited per checkout and per address.
   */
  checkoutsPublic: {
    parameters: {
      query?: {
        /** @description Card payments: the `ref` FeexPay’s card page added to the return URL. The payment is confirmed with FeexPay at once (docs/cards.md). */
        ref?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The customer’s view. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['PublicCheckout'];
        };
      };
      400: components['responses']['BadRequest'];
      404: components['responses']['NotFound'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Pay a checkout
   * @description Public: the checkout id is the capability. Starts one attempt with the customer’s network and number (`+229 01 97 00 00 00`, `0197000000` and `2290197000000` are the same number); the amount and currency are the checkout’s (sending them is a 400). One attempt at a time: 409 `attempt_in_progress` names the live one in `paymentId`. With `network: card` the attempt answers FeexPay’s card page as `paymentUrl` (the number is the payer’s, with its country code); the page sends the customer back to the hosted page with `?ref=`. A FAILED or EXPIRED attempt lets the customer try again, with another number or network. None after PAID, CANCELED or expiry (409). Idempotency as for initiate. Rate-limited per checkout and per address.
   */
  checkoutsPay: {
    parameters: {
      header: {
        'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        /**
         * @example {
         *   "network": "mtn",
         *   "phoneNumber": "+229 01 97 00 00 00"
         * }
         */
        'application/json': components['schemas']['PayCheckoutRequest'];
      };
    };
    responses: {
      /** @description The attempt (usually PENDING: the customer approves on the phone). */
      201: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
        };
        content: {
          'application/json': components['schemas']['CheckoutAttempt'];
        };
      };
      400: components['responses']['BadRequest'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      502: components['responses']['BadGateway'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  /**
   * Send the code of a two-step OTP network, for a checkout
   * @description Public: the checkout id is the capability. When the checkout’s attempt says `awaitingOtp: true` (networks with `flow: otp_confirm`, e.g. Coris), the code FeexPay sent the customer after the attempt started. The same step as POST {id}/otp/: FeexPay is asked once; the answer is the attempt, SUCCESSFUL, FAILED (`failureCode` `otp_invalid` for a wrong or expired code: pay again for a new code) or PENDING (follow the checkout). The same `Idempotency-Key` and code replay the first answer; a code already sent with another key is 409 `otp_already_submitted`; no attempt waiting for a code is 409 `otp_not_expected`. Rate-limited per checkout and per address.
   */
  checkoutsOtp: {
    parameters: {
      header: {
        'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        /**
         * @example {
         *   "otp": "482913"
         * }
         */
        'application/json': components['schemas']['OtpRequest'];
      };
    };
    responses: {
      /** @description The attempt after FeexPay’s answer to the code. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
        };
        content: {
          'application/json': components['schemas']['CheckoutAttempt'];
        };
      };
      400: components['responses']['BadRequest'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      502: components['responses']['BadGateway'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  /**
   * The hosted checkout page
   * @description The page at a checkout’s `url`, HTML: French by default, English by `Accept-Language`, the checkout’s `locale` or `?lang=en`. The customer picks a network, types a number, approves on the phone and watches the status live; the page brings them back to your `returnUrl` with `checkout` and `status` in the query. 404 (a page) for an unknown id.
   */
  checkoutPage: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The page. */
      200: {
        content: {
          'text/html': string;
        };
      };
      /** @description No such checkout (a page saying so). */
      404: {
        content: {
          'text/html': string;
        };
      };
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Send the code of a two-step OTP network
   * @description For a payment with `awaitingOtp: true` (networks with `flow: otp_confirm`, e.g. Coris): the code FeexPay sent the customer after the payment started. FeexPay is asked once; the answer is the payment, SUCCESSFUL, FAILED (`failureCode` `otp_invalid` for a wrong or expired code) or PENDING (follow it with GET {id}/status/). A FeexPay refusal is 502 `provider_rejected` and the payment FAILED; FeexPay unavailable is 503 and the code may be sent again. The same `Idempotency-Key` and code replay the first answer; a code already sent with another key is 409 `otp_already_submitted`.
   */
  paymentsOtp: {
    parameters: {
      header: {
        'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        /**
         * @example {
         *   "otp": "482913"
         * }
         */
        'application/json': components['schemas']['OtpRequest'];
      };
    };
    responses: {
      /** @description The payment after FeexPay’s answer to the code. */
      200: {
        headers: {
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['Payment'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      429: components['responses']['RateLimited'];
      500: components['responses']['InternalError'];
      502: components['responses']['BadGateway'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  /**
   * List payouts and refunds
   * @description Your payouts and refunds, newest first, a page at a time (`nextCursor`).
   */
  payoutsList: {
    parameters: {
      query?: {
        /** @description Items per page (1–100). */
        limit?: number;
        /** @description `nextCursor` of the previous page. */
        cursor?: string;
      };
    };
    responses: {
      /** @description One page. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['PayoutsPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Pay out to a wallet
   * @description Sends money from your FeexPay balance to a mobile-money wallet. The payout is recorded PENDING before FeexPay is called, and FeexPay is called once: if it does not answer, the payout stays PENDING and is settled by FeexPay’s webhook or the reconciler’s status reads, never sent twice. It becomes SUCCESSFUL only when FeexPay’s status read confirms our reference and amount; `payout.succeeded` or `payout.failed` follows. FeexPay’s limits are checked first: at least 50 XOF in Benin and 100 elsewhere, at most 100000 per payout, a `motif` of at most 30 letters, digits and spaces; Orange BF, Wave BF and Coris take no payouts through the API (422). The same `Idempotency-Key` and body answer the payout it created, as it stands, with `Idempotent-Replayed: true`; another body is 422.
   */
  payoutsCreate: {
    parameters: {
      header: {
        'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
    };
    requestBody: {
      content: {
        /**
         * @example {
         *   "amount": 5000,
         *   "currency": "XOF",
         *   "network": "mtn",
         *   "phoneNumber": "2290166000000",
         *   "motif": "Paiement vendeur 118",
         *   "metadata": {
         *     "sellerId": "s_118"
         *   }
         * }
         */
        'application/json': components['schemas']['CreatePayoutRequest'];
      };
    };
    responses: {
      /** @description The payout: PENDING (FeexPay accepted it, or its answer is unknown), or already FAILED (FeexPay refused it or was unavailable: nothing was sent). */
      201: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
        };
        content: {
          'application/json': components['schemas']['Payout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Get a payout
   * @description One of your payouts or refunds (another client’s is 404).
   */
  payoutsGet: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The payout. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['Payout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * List a payment’s refunds
   * @description Every refund of the payment, oldest first, in any status.
   */
  refundsList: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The refunds. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': components['schemas']['RefundsList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Refund a payment
   * @description Gives a SUCCESSFUL payment’s money back to its payer: a payout to the payment’s phone on its network, from your FeexPay balance (FeexPay has no refund API). `amount` defaults to all that remains refundable; refunds that are PENDING or SUCCESSFUL hold their amount and their sum never exceeds the amount paid, even under concurrent requests; a FAILED refund frees its amount (make a new refund with a new key). The payment then shows `amountRefunded` and `refunds`; `refund.succeeded` or `refund.failed` follows. A checkout’s overpaying attempt (`checkout.overpaid`, `overpaidPaymentIds`) is refunded in one call on that payment. A card payment answers 422 `refund_not_supported` with the way to refund it from FeexPay’s dashboard. The same `Idempotency-Key` and body answer the refund it created, as it stands; another body is 422.
   */
  refundsCreate: {
    parameters: {
      header: {
        'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
      path: {
        id: string;
      };
    };
    requestBody?: {
      content: {
        /**
         * @example {
         *   "amount": 1000,
         *   "reason": "Commande 1042 annulée"
         * }
         */
        'application/json': components['schemas']['CreateRefundRequest'];
      };
    };
    responses: {
      /** @description The refund: PENDING, or already FAILED (nothing was sent; its amount is free). */
      201: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
        };
        content: {
          'application/json': components['schemas']['Payout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * This document
   * @description The OpenAPI 3.1 description of the API. Cacheable; send `If-None-Match`.
   */
  openApiDocument: {
    responses: {
      /** @description The document. */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'Cache-Control': components['headers']['CacheControl'];
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
      /** @description Not modified since the ETag you sent. */
      304: {
        content: never;
      };
      500: components['responses']['InternalError'];
    };
  };
  /**
   * This document as a page
   * @description The OpenAPI document rendered for reading (Redoc), self-contained: it loads nothing from elsewhere. Gzipped when the client accepts it; cacheable, send `If-None-Match`.
   */
  apiReference: {
    responses: {
      /** @description The page. */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'Cache-Control': components['headers']['CacheControl'];
        };
        content: {
          'text/html': string;
        };
      };
      /** @description Not modified since the ETag you sent. */
      304: {
        content: never;
      };
      500: components['responses']['InternalError'];
    };
  };
  /**
   * The back office (page)
   * @description The back office’s page, HTML, French or English: it holds no data and asks the operator for a token carrying the operator scope (or takes one from the URL fragment `#token=`), then calls the routes below with it.
   */
  adminPage: {
    responses: {
      /** @description The page. */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
        };
        content: {
          'text/html': string;
        };
      };
      /** @description Not modified since the ETag you sent. */
      304: {
        content: never;
      };
      500: components['responses']['InternalError'];
    };
  };
  /**
   * List payments (operator)
   * @description Payments newest first, created between `from` and `to` (default: the last 30 days; at most 92 days), filtered by `status`, `network` and amount. Follow `nextCursor` until it is null.
   */
  adminPaymentsList: {
    parameters: {
      query?: {
        status?: 'PENDING' | 'SUCCESSFUL' | 'FAILED' | 'EXPIRED';
        network?: string;
        /** @description Created at or after (ISO-8601). Default: 30 days before `to`; at most 92 days. */
        from?: string;
        /** @description Created at or before. Default: now. */
        to?: string;
        /** @description At least this amount. */
        minAmount?: number;
        /** @description At most this amount. */
        maxAmount?: number;
        cursor?: string;
        limit?: number;
      };
    };
    responses: {
      /** @description One page. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Export payments as CSV (operator)
   * @description The list’s filters, every matching payment as CSV (at most 5,000 rows; `X-Export-Truncated: true` when more matched: narrow the dates). Phone numbers masked.
   */
  adminPaymentsExport: {
    parameters: {
      query?: {
        status?: 'PENDING' | 'SUCCESSFUL' | 'FAILED' | 'EXPIRED';
        network?: string;
        /** @description Created at or after (ISO-8601). Default: 30 days before `to`; at most 92 days. */
        from?: string;
        /** @description Created at or before. Default: now. */
        to?: string;
        /** @description At least this amount. */
        minAmount?: number;
        /** @description At most this amount. */
        maxAmount?: number;
      };
    };
    responses: {
      /** @description The CSV file (`text/csv`). */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: never;
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Find payments (operator)
   * @description By our id (`pay_…`, or a checkout’s `chk_…`: its attempts), the merchant’s `orderId`, FeexPay’s reference, or the payer’s phone number as typed (`+229 01 66 00 00 00`, `0166000000`): every way the text can be, or only `by`. Each match says how it was found (`matchedBy`). `phoneSearch: false` when the deployment has no phone-lookup key.
   */
  adminSearch: {
    parameters: {
      query: {
        q: string;
        /** @description Only this way of searching; default: every one that fits. */
        by?: 'id' | 'orderId' | 'reference' | 'phone';
      };
    };
    responses: {
      /** @description The payments found, newest first. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * A payment and its timeline (operator)
   * @description The payment, its checkout, the actions possible now, and its timeline in time order: state changes, FeexPay’s answers, webhooks received, notification attempts, retries, status reads (counted) and operator actions, each with its time and source.
   */
  adminPaymentTimeline: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The payment and its timeline. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Re-send a payment’s notification (operator)
   * @description Queues the merchant notification of the payment’s final state again, with its original `webhook-id` (a merchant that processed it drops the copy), and records an `operator_action` event naming the operator (the token’s `sub`) on the payment.
   */
  adminPaymentResend: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Queued. */
      202: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Cancel an open checkout (operator)
   * @description As the merchant’s own cancellation (OPEN → CANCELED while no attempt is live), its `status_changed` event naming the operator.
   */
  adminCheckoutCancel: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The checkout, CANCELED. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Network health (operator)
   * @description Per network, over the last hour and day: payments started and settled, success rate, median seconds to success; and payments started per day (14 days). Computed from our own payments every 5 minutes; `computedAt: null` before the first computation.
   */
  adminNetworkHealth: {
    responses: {
      /** @description The figures. */
      200: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Refund a payment (operator)
   * @description The merchant’s refund (`POST payments/{id}/refunds/`: same rules, same checks, same `refund.succeeded` or `refund.failed`), asked by an operator: `reason` is required, `amount` defaults to all that remains. An `operator_action` event naming the operator (the token’s `sub`) and the refund is recorded on the payment before FeexPay is called; the refund carries `metadata.refundedBy`. It belongs to the merchant of the payment’s checkout (else to the payment’s owner). The page sends a new `Idempotency-Key` per confirmation; the same key and body answer the same refund, without a second audit entry. A card payment answers 422 `refund_not_supported` with the way to refund it from FeexPay’s dashboard.
   */
  adminPaymentRefund: {
    parameters: {
      header: {
        'Idempotency-Key': components['parameters']['IdempotencyKey'];
      };
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        /**
         * @example {
         *   "amount": 1000,
         *   "reason": "Client débité deux fois"
         * }
         */
        'application/json': components['schemas']['OperatorRefundRequest'];
      };
    };
    responses: {
      /** @description The refund: PENDING, or already FAILED (nothing was sent; its amount is free). */
      201: {
        headers: {
          'X-Correlation-Id': components['headers']['CorrelationId'];
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
        };
        content: {
          'application/json': components['schemas']['Payout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['Unprocessable'];
      500: components['responses']['InternalError'];
    };
  };
  /**
   * Payment settled (sent to your endpoint)
   * @description Standard Webhooks: verify `webhook-signature` with your `whsec_` secret (the `standardwebhooks` library), then de-duplicate on `webhook-id`. Sent for payment.succeeded, payment.failed and payment.expired; retried with backoff until you answer 2xx (docs/webhooks.md).
   */
  paymentNotification: {
    parameters: {
      header: {
        'webhook-id': string;
        /** @description Unix seconds. */
        'webhook-timestamp': string;
        /** @description `v1,<base64 HMAC-SHA256>`. */
        'webhook-signature': string;
      };
    };
    requestBody: {
      content: {
        /**
         * @example {
         *   "type": "payment.succeeded",
         *   "timestamp": "2026-05-04T10:15:40.000Z",
         *   "data": {
         *     "id": "pay_k3xq7m2c5v4b6n8p1r9t0w2y3z",
         *     "status": "SUCCESSFUL",
         *     "amount": 2500,
         *     "currency": "XOF",
         *     "network": "mtn",
         *     "phoneNumber": "229******0000",
         *     "description": "Order 1042",
         *     "metadata": {
         *       "orderId": "1042"
         *     },
         *     "createdAt": "2026-05-04T10:15:30.000Z",
         *     "updatedAt": "2026-05-04T10:15:31.000Z"
         *   }
         * }
         */
        'application/json': components['schemas']['PaymentNotification'];
      };
    };
    responses: {
      /** @description Accepted; any 2xx stops the retries. */
      200: {
        content: never;
      };
    };
  };
  /**
   * Checkout paid, expired or overpaid (sent to your endpoint)
   * @description Standard Webhooks: verify `webhook-signature` with your `whsec_` secret (the `standardwebhooks` library), then de-duplicate on `webhook-id`. Sent for checkout.completed, checkout.expired and checkout.overpaid; retried with backoff until you answer 2xx (docs/webhooks.md).
   */
  checkoutNotification: {
    parameters: {
      header: {
        'webhook-id': string;
        /** @description Unix seconds. */
        'webhook-timestamp': string;
        /** @description `v1,<base64 HMAC-SHA256>`. */
        'webhook-signature': string;
      };
    };
    requestBody: {
      content: {
        /**
         * @example {
         *   "type": "checkout.completed",
         *   "timestamp": "2026-05-04T10:15:41.000Z",
         *   "data": {
         *     "id": "chk_m4q7xk2c5v4b6n8p1r9t0w2y3z",
         *     "status": "PAID",
         *     "amount": 2500,
         *     "currency": "XOF",
         *     "orderId": "1042",
         *     "description": "Order 1042",
         *     "networks": [
         *       "mtn",
         *       "moov",
         *       "celtiis_bj"
         *     ],
         *     "returnUrl": "https://shop.example.com/orders/1042",
         *     "metadata": {
         *       "cartId": "c_8f3a2b"
         *     },
         *     "url": "https://api.example.com/api/v1/payments/feexpay/pay/chk_m4q7xk2c5v4b6n8p1r9t0w2y3z",
         *     "expiresAt": "2026-05-04T10:45:30.000Z",
         *     "attempts": [
         *       {
         *         "paymentId": "pay_k3xq7m2c5v4b6n8p1r9t0w2y3z",
         *         "network": "mtn",
         *         "status": "SUCCESSFUL",
         *         "createdAt": "2026-05-04T10:16:02.000Z"
         *       }
         *     ],
         *     "liveAttemptId": "pay_k3xq7m2c5v4b6n8p1r9t0w2y3z",
         *     "createdAt": "2026-05-04T10:15:30.000Z",
         *     "updatedAt": "2026-05-04T10:16:02.000Z",
         *     "paidPaymentId": "pay_k3xq7m2c5v4b6n8p1r9t0w2y3z",
         *     "paidAt": "2026-05-04T10:15:41.000Z"
         *   }
         * }
         */
        'application/json': components['schemas']['CheckoutNotification'];
      };
    };
    responses: {
      /** @description Accepted; any 2xx stops the retries. */
      200: {
        content: never;
      };
    };
  };
  /**
   * Payout or refund settled (sent to your endpoint)
   * @description Standard Webhooks: verify `webhook-signature` with your `whsec_` secret (the `standardwebhooks` library), then de-duplicate on `webhook-id`. Sent for payout.succeeded, payout.failed, refund.succeeded and refund.failed; retried with backoff until you answer 2xx (docs/webhooks.md).
   */
  payoutNotification: {
    parameters: {
      header: {
        'webhook-id': string;
        /** @description Unix seconds. */
        'webhook-timestamp': string;
        /** @description `v1,<base64 HMAC-SHA256>`. */
        'webhook-signature': string;
      };
    };
    requestBody: {
      content: {
        /**
         * @example {
         *   "type": "refund.succeeded",
         *   "timestamp": "2026-05-04T11:02:10.000Z",
         *   "data": {
         *     "id": "rf_q4m7xk2c5v4b6n8p1r9t0w2y3z",
         *     "purpose": "refund",
         *     "status": "SUCCESSFUL",
         *     "amount": 1000,
         *     "currency": "XOF",
         *     "network": "mtn",
         *     "phoneNumber": "229******0000",
         *     "motif": "Commande 1042 annulee",
         *     "paymentId": "pay_k3xq7m2c5v4b6n8p1r9t0w2y3z",
         *     "reason": "Commande 1042 annulée",
         *     "createdAt": "2026-05-04T11:02:00.000Z",
         *     "updatedAt": "2026-05-04T11:02:01.000Z"
         *   }
         * }
         */
        'application/json': components['schemas']['PayoutNotification'];
      };
    };
    responses: {
      /** @description Accepted; any 2xx stops the retries. */
      200: {
        content: never;
      };
    };
  };
}

/** Each schema of the document under its own name. */
export type InitiateRequest = components['schemas']['InitiateRequest'];
export type RetryRequest = components['schemas']['RetryRequest'];
export type OtpRequest = components['schemas']['OtpRequest'];
export type CreateCheckoutRequest = components['schemas']['CreateCheckoutRequest'];
export type PayCheckoutRequest = components['schemas']['PayCheckoutRequest'];
export type CreatePayoutRequest = components['schemas']['CreatePayoutRequest'];
export type CreateRefundRequest = components['schemas']['CreateRefundRequest'];
export type OperatorRefundRequest = components['schemas']['OperatorRefundRequest'];
export type CheckoutAttempt = components['schemas']['CheckoutAttempt'];
export type Checkout = components['schemas']['Checkout'];
export type FailureCode = components['schemas']['FailureCode'];
export type HealthReport = components['schemas']['HealthReport'];
export type HistoryPage = components['schemas']['HistoryPage'];
export type PaymentsPage = components['schemas']['PaymentsPage'];
export type PayoutFailureCode = components['schemas']['PayoutFailureCode'];
export type Payout = components['schemas']['Payout'];
export type PayoutsPage = components['schemas']['PayoutsPage'];
export type Problem = components['schemas']['Problem'];
export type ProviderCountry = components['schemas']['ProviderCountry'];
export type ProviderNetwork = components['schemas']['ProviderNetwork'];
export type ProvidersCatalog = components['schemas']['ProvidersCatalog'];
export type PublicCheckout = components['schemas']['PublicCheckout'];
export type Payment = components['schemas']['Payment'];
export type RefundsList = components['schemas']['RefundsList'];
export type WebhookAck = components['schemas']['WebhookAck'];
export type PaymentNotification = components['schemas']['PaymentNotification'];
export type CheckoutNotification = components['schemas']['CheckoutNotification'];
export type PayoutNotification = components['schemas']['PayoutNotification'];
export type FeexPayWebhook = components['schemas']['FeexPayWebhook'];
