/**
 * The Retry-After Clerk's SDK parsed from a failed response (`error.retryAfter`, whole seconds),
 * bounded: a missing, zero, negative or absurd value must neither stop retries nor pause for hours.
 */
export function retryAfterSecondsOf(error: unknown, maxSeconds: number): number | undefined {
  const value = (error as { retryAfter?: unknown } | null)?.retryAfter;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  return Math.min(Math.ceil(value), maxSeconds);
}
