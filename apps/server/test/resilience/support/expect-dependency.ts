import { expect } from 'vitest';

import { type RawResponse, trpcError } from '../../support/http.js';

/** A dependency failure the caches could not cover: 503 with Retry-After, nothing internal. */
export function expectUnavailable(res: RawResponse, maxRetryAfter = 60): number {
  expect(res.status).toBe(503);
  if (res.json && typeof res.json === 'object' && 'error' in res.json)
    expect(trpcError(res).code).toBe('SERVICE_UNAVAILABLE');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
  expect(res.text).not.toMatch(/stack|HTTP \d{3}|timed out|circuit|emulat|ECONN|clerk/i);
  return retryAfter;
}

/** Served: a 200 with the profile asked for. */
export function expectServed(res: RawResponse, userId: string): void {
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ result: { data: { id: userId } } });
}
