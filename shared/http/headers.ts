/**
 * The response header policy, in one place: the handler wrapper (shared/http/handler.ts) and the
 * `$default` function put these on every answer they give, errors included, over whatever the
 * route set. A page's Content-Security-Policy depends on the page (the hashes of its own scripts),
 * so the page's handler sets it (functions/api-reference.ts); a rule that holds for a whole kind of
 * answer belongs here, as an option of `headerPolicy`.
 *
 * Answers API Gateway gives without calling a function (the JWT authorizer's 401 and 403, throttling's
 * 429) carry none of these: HTTP APIs cannot add headers to them (docs/security.md).
 */

/** Every answer: HTTPS only for a year (subdomains too), and no content sniffing. */
export const ALWAYS = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
} as const;

/** An answer no cache may keep: authenticated answers always, and every answer by default. */
export const NO_STORE = { 'cache-control': 'no-store' } as const;

export interface HeaderPolicyOptions {
  /**
   * The answer is for one caller (its route's auth kind names a credential): `Cache-Control:
   * no-store` wins over whatever the route set. Otherwise the route may make its answer
   * cacheable (static JSON), and `no-store` is only the default.
   */
  authenticated: boolean;
}

/**
 * `headers` (what the route set) under the policy. The result's names are lower case, as API
 * Gateway and the handlers write them.
 */
export function headerPolicy(
  headers: Record<string, string>,
  options: HeaderPolicyOptions,
): Record<string, string> {
  return options.authenticated
    ? { ...headers, ...ALWAYS, ...NO_STORE }
    : { ...NO_STORE, ...headers, ...ALWAYS };
}
