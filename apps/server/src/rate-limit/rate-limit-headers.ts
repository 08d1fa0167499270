import type { RateLimitPolicyName } from '@stack/contracts';

import type { BucketReading } from './rate-limiter.js';

/** Response headers, by their lower-case names (CORS exposes them: see configure-app.ts). */
export const RATE_LIMIT_HEADERS = ['ratelimit-policy', 'ratelimit', 'retry-after'] as const;

/** What one request's calls did to their buckets: the last reading of each policy that applied. */
export type Readings = ReadonlyMap<RateLimitPolicyName, BucketReading>;

/**
 * The IETF draft's structured-field headers for the policies that applied to a request:
 * `RateLimit-Policy: "user-writes";q=60;w=60` and `RateLimit: "user-writes";r=0;t=12` (r: units
 * left now; t: seconds until the bucket is full again), one list item per policy.
 */
export function rateLimitHeaders(readings: Readings): Record<string, string> {
  let policy = '';
  let limit = '';
  for (const r of readings.values()) {
    const sep = policy === '' ? '' : ', ';
    policy += `${sep}${r.policy.policyHeader}`;
    limit += `${sep}"${r.policy.name}";r=${r.remaining};t=${r.resetSeconds}`;
  }
  return policy === '' ? {} : { 'ratelimit-policy': policy, ratelimit: limit };
}

/** The headers of a refusal: the refusing policy's, and Retry-After (whole seconds, at least 1). */
export function refusalHeaders(refused: BucketReading, retryAfterSeconds: number): Record<string, string> {
  return {
    ...rateLimitHeaders(new Map([[refused.policy.name, refused]])),
    'retry-after': String(retryAfterSeconds),
  };
}
