/**
 * The API's types, generated from docs/openapi.json by `npm run openapi` (openapi-typescript).
 * Do not edit: change the contracts (shared/api/) and run it again.
 */

export interface paths {
  '/api/v1/payments/feexpay/providers': {
    /**
     * List networks by country
     * @description FeexPay pay-in networks by country: currency, amount bounds, flow (push, redirect, OTP) and indicative fees. Public and cacheable for an hour; send `If-None-Match` to get a 304.
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
     * @description Creates a payment and asks FeexPay to collect it. Answers 201 with the payment, usually PENDING; FeexPay may settle it at once (FAILED with `failureCode` and `failureReason`). Redirect networks answer a `paymentUrl`; `flow: otp` networks need `otp`; `flow: otp_confirm` networks answer `awaitingOtp: true`, then take the code FeexPay sent the customer with POST {id}/otp/. If FeexPay never answers, the payment stays PENDING without a reference and expires after a few minutes (then it can be retried). The same `Idempotency-Key` and body replay the first answer with `Idempotent-Replayed: true`; another body with the same key is 422; a request still in flight is 409 with `Retry-After`.
     */
    post: operations['paymentsInitiate'];
  };
  '/api/v1/payments/feexpay/{id}/status': {
    /**
     * Get a payment
     * @description The payment as it stands, refreshed from FeexPay while PENDING. Someone else’s id answers 404, exactly like a missing one.
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
  '/api/v1/payments/feexpay/{id}/otp': {
    /**
     * Send the code of a two-step OTP network
     * @description For a payment with `awaitingOtp: true` (networks with `flow: otp_confirm`, e.g. Coris): the code FeexPay sent the customer after the payment started. FeexPay is asked once; the answer is the payment, SUCCESSFUL, FAILED (`failureCode` `otp_invalid` for a wrong or expired code) or PENDING (follow it with GET {id}/status/). A FeexPay refusal is 502 `provider_rejected` and the payment FAILED; FeexPay unavailable is 503 and the code may be sent again. The same `Idempotency-Key` and code replay the first answer; a code already sent with another key is 409 `otp_already_submitted`.
     */
    post: operations['paymentsOtp'];
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
}

export interface webhooks {
  paymentNotification: {
    /**
     * Payment settled (sent to your endpoint)
     * @description Standard Webhooks: verify `webhook-signature` with your `whsec_` secret (the `standardwebhooks` library), then de-duplicate on `webhook-id`. Sent for payment.succeeded, payment.failed and payment.expired; retried with backoff until you answer 2xx (docs/webhooks.md).
     */
    post: operations['paymentNotification'];
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
      /** @description Digits only, country code first, no "+" (e.g. 2290166000000). */
      phoneNumber: string;
      /** @description Shown to the customer; letters, digits and spaces are kept (FeexPay's rule), at most 100 after cleaning. No control or bidirectional-text characters, and not blank. */
      description?: string;
      /** @description No control or bidirectional-text characters, and not blank. */
      firstName?: string;
      /** @description No control or bidirectional-text characters, and not blank. */
      lastName?: string;
      /** Format: email */
      email?: string;
      /** @description Where redirect networks send the customer back. */
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
    /**
     * @description Why a payment FAILED, as a stable code to show the payer a text for (the typed client's `failureMessage(code, locale)` has them in French and English; docs/payments.md, "Failure codes"). `declined`: The customer (or the operator on their behalf) declined or cancelled the payment. `insufficient_funds`: The balance was too low, or a wallet limit was reached. `timeout`: The customer did not confirm in time. `invalid_number`: The number has no wallet on this network, or is not a valid number. `amount_not_allowed`: The operator refused the amount (below its minimum or above a limit). `otp_invalid`: The payment code (OTP) was missing, wrong or expired. `provider_unavailable`: FeexPay or the operator was unavailable; the request was not taken, nobody was charged. `provider_rejected`: FeexPay refused the request itself (network not enabled for the shop, our credentials, invalid fields). `unknown`: Any other reason; `failureReason` has FeexPay’s words. A code this version does not list should be shown as `unknown`.
     * @enum {string}
     */
    FailureCode:
      | 'declined'
      | 'insufficient_funds'
      | 'timeout'
      | 'invalid_number'
      | 'amount_not_allowed'
      | 'otp_invalid'
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
    /** @description RFC 9457 problem details. */
    Problem: {
      /** @description `urn:feexpay-serverless:problem:<code>`. */
      type: string;
      title: string;
      status: number;
      /** @description Stable machine-readable code: validation_failed, malformed_json, unauthorized, not_found, method_not_allowed, request_in_progress, payment_not_retryable, retry_in_progress, otp_not_expected, otp_already_submitted, payload_too_large, unsupported_media_type, idempotency_key_reused, rate_limited, provider_rejected, provider_error, provider_unavailable, service_unavailable, internal_error. */
      code: string;
      /** @description What happened and what to do, for a developer. */
      detail: string;
      /** @description The offending fields (`amount`, `query.limit`, `Idempotency-Key`). */
      errors?: {
        field: string;
        message: string;
      }[];
      /** @description Quote it when reporting a problem. */
      correlationId: string;
      /** @description The payment the problem is about, when FeexPay refused it or was unavailable; `failureCode` then says why. */
      paymentId?: string;
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
       * @description push: the customer approves a prompt on the phone; redirect: send the customer to `paymentUrl`; otp: the customer makes a payment code first (see `otpHint`) and you send it as `otp` with the request; otp_confirm: start the payment without a code, FeexPay then sends the customer one, which you send with POST {id}/otp/ (the payment says `awaitingOtp`). Whatever the flow, follow `paymentUrl` when a payment has one.
       * @enum {string}
       */
      flow: 'push' | 'redirect' | 'otp' | 'otp_confirm';
      /** @description How the customer gets the payment code (OTP networks), in French and English. */
      otpHint?: {
        fr: string;
        en: string;
      };
      /** @description Indicative fee in percent, or null if unknown. */
      feePercent: number | null;
    };
    /** @description FeexPay pay-in networks by country. */
    ProvidersCatalog: {
      countries: components['schemas']['ProviderCountry'][];
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
      /** @description Ids of the retries of this payment, oldest first. */
      attempts?: string[];
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
    WebhookAck: {
      /** @constant */
      received: true;
      /** @description The same event was received before. */
      duplicate: boolean;
    };
    /** @description What your notification endpoint receives. */
    PaymentNotification: {
      /** @enum {string} */
      type: 'payment.succeeded' | 'payment.failed' | 'payment.expired';
      /** Format: date-time */
      timestamp: string;
      data: components['schemas']['Payment'];
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
    /** @description `validation_failed`: A field is missing or wrong; `errors` names each. `malformed_json`: The body is not JSON. */
    BadRequest: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The bearer token (or the webhook token) is missing, expired or not valid. */
    Unauthorized: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description No such payment for this caller. */
    NotFound: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description `request_in_progress`: The first request with this Idempotency-Key is still running; retry after `Retry-After` seconds with the same key. `payment_not_retryable`: The payment is not FAILED or EXPIRED (or its retry was paid). `retry_in_progress`: Another retry of this payment is still PENDING; its id is in `detail`. `otp_not_expected`: The payment is not waiting for a code: it is settled, its network takes none after it starts, or FeexPay has not asked for one. `otp_already_submitted`: A code was already sent for this payment with another Idempotency-Key; follow the payment with GET {id}/status/. */
    Conflict: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
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
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Send `Content-Type: application/json`. */
    UnsupportedMediaType: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description This Idempotency-Key was used with another body. */
    Unprocessable: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Too many requests from this user; retry after `Retry-After` seconds. */
    RateLimited: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
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
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description `provider_rejected`: FeexPay refused the payment; it is FAILED and nobody was charged. `paymentId` and `failureCode` say which and why. `provider_error`: FeexPay refused our credentials; nobody was charged (an initiated payment is FAILED, `failureCode` `provider_rejected`). */
    BadGateway: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description `provider_unavailable`: FeexPay is unavailable; nobody was charged. Retry after `Retry-After` seconds (for initiate: POST retry/{id}; for the OTP step: send the code again). `service_unavailable`: Our settings are unavailable; nobody was charged. Retry shortly. */
    ServiceUnavailable: {
      headers: {
        'X-Correlation-Id': components['headers']['CorrelationId'];
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
   * @description FeexPay pay-in networks by country: currency, amount bounds, flow (push, redirect, OTP) and indicative fees. Public and cacheable for an hour; send `If-None-Match` to get a 304.
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
   * @description Creates a payment and asks FeexPay to collect it. Answers 201 with the payment, usually PENDING; FeexPay may settle it at once (FAILED with `failureCode` and `failureReason`). Redirect networks answer a `paymentUrl`; `flow: otp` networks need `otp`; `flow: otp_confirm` networks answer `awaitingOtp: true`, then take the code FeexPay sent the customer with POST {id}/otp/. If FeexPay never answers, the payment stays PENDING without a reference and expires after a few minutes (then it can be retried). The same `Idempotency-Key` and body replay the first answer with `Idempotent-Replayed: true`; another body with the same key is 422; a request still in flight is 409 with `Retry-After`.
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
   * @description The payment as it stands, refreshed from FeexPay while PENDING. Someone else’s id answers 404, exactly like a missing one.
   */
  paymentsStatus: {
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
}

/** Each schema of the document under its own name. */
export type InitiateRequest = components['schemas']['InitiateRequest'];
export type RetryRequest = components['schemas']['RetryRequest'];
export type OtpRequest = components['schemas']['OtpRequest'];
export type FailureCode = components['schemas']['FailureCode'];
export type HealthReport = components['schemas']['HealthReport'];
export type HistoryPage = components['schemas']['HistoryPage'];
export type Problem = components['schemas']['Problem'];
export type ProviderCountry = components['schemas']['ProviderCountry'];
export type ProviderNetwork = components['schemas']['ProviderNetwork'];
export type ProvidersCatalog = components['schemas']['ProvidersCatalog'];
export type Payment = components['schemas']['Payment'];
export type WebhookAck = components['schemas']['WebhookAck'];
export type PaymentNotification = components['schemas']['PaymentNotification'];
export type FeexPayWebhook = components['schemas']['FeexPayWebhook'];
