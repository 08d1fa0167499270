/**
 * The rate-limit policies: one table for every surface (tRPC, REST, webhooks). Names, keys,
 * defaults and variables are a contract (README "Rate limits"): tools outside this repo read the
 * `RateLimit-Policy` names and set the variables.
 *
 * Each is a token bucket per key whose capacity is the per-minute number, refilled continuously
 * (capacity / 60 per second); `0` turns a policy off.
 */
export const RATE_LIMIT_POLICIES = {
  /** Signed-in user: tRPC queries (and subscription connects), REST GETs. */
  'user-reads': { key: 'user', perMinute: 600, variable: 'RATE_LIMIT_USER_READS_PER_MIN' },
  /** Signed-in user: tRPC mutations. */
  'user-writes': { key: 'user', perMinute: 60, variable: 'RATE_LIMIT_USER_WRITES_PER_MIN' },
  /** Active organization: mutations in its scope (on top of the user's own `user-writes`). */
  'org-writes': { key: 'organization', perMinute: 300, variable: 'RATE_LIMIT_ORG_WRITES_PER_MIN' },
  /** Client IP: calls without a valid session. */
  anonymous: { key: 'client-ip', perMinute: 300, variable: 'RATE_LIMIT_ANONYMOUS_PER_MIN' },
  /** Client IP: webhook deliveries that fail verification (verified ones are never limited). */
  'webhook-failures': { key: 'client-ip', perMinute: 30, variable: 'RATE_LIMIT_WEBHOOK_FAILURES_PER_MIN' },
} as const;

export type RateLimitPolicyName = keyof typeof RATE_LIMIT_POLICIES;

export const RATE_LIMIT_POLICY_NAMES = Object.keys(RATE_LIMIT_POLICIES) as RateLimitPolicyName[];

/** Every policy's window, in seconds (`w` in `RateLimit-Policy`). */
export const RATE_LIMIT_WINDOW_SECONDS = 60;

/** The answer to a refused call, for people: the web app shows it with the seconds to wait. */
export const TOO_MANY_REQUESTS_MESSAGE = 'Too many requests';
