import { RATE_LIMIT_POLICY_NAMES, RATE_LIMIT_WINDOW_SECONDS, type RateLimitPolicyName } from '@stack/contracts';

/** One policy of the table as configured: its bucket's size and its `RateLimit-Policy` item. */
export interface RateLimitPolicy {
  readonly name: RateLimitPolicyName;
  /** Bucket capacity: the calls per minute. */
  readonly capacity: number;
  /** Tokens added per millisecond (continuously). */
  readonly perMs: number;
  /** `"user-writes";q=60;w=60`, built once. */
  readonly policyHeader: string;
}

/** The policies that are on (a per-minute number of 0 turns one off). */
export function enabledPolicies(
  perMinute: Readonly<Record<RateLimitPolicyName, number>>,
): ReadonlyMap<RateLimitPolicyName, RateLimitPolicy> {
  const policies = new Map<RateLimitPolicyName, RateLimitPolicy>();
  for (const name of RATE_LIMIT_POLICY_NAMES) {
    const capacity = perMinute[name];
    if (capacity <= 0) continue;
    policies.set(name, {
      name,
      capacity,
      perMs: capacity / (RATE_LIMIT_WINDOW_SECONDS * 1000),
      policyHeader: `"${name}";q=${capacity};w=${RATE_LIMIT_WINDOW_SECONDS}`,
    });
  }
  return policies;
}
