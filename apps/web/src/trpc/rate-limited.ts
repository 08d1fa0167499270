/**
 * The line a person sees for a refused call (HTTP 429): "Too many requests, try again in N s",
 * N from the error's `retryAfter` (the API puts the seconds in each refused call), else the
 * response's Retry-After (exposed through CORS), else 1. Null for any other error.
 */
export function rateLimitedMessage(error: unknown): string | null {
  const e = error as {
    data?: { httpStatus?: unknown; retryAfter?: unknown };
    meta?: { response?: { headers?: { get?(name: string): string | null } } };
  } | null;
  if (e?.data?.httpStatus !== 429) return null;
  const fromData = typeof e.data.retryAfter === 'number' ? e.data.retryAfter : NaN;
  const fromHeader = Number(e.meta?.response?.headers?.get?.('retry-after'));
  const seconds = [fromData, fromHeader].find((s) => Number.isFinite(s) && s > 0) ?? 1;
  return `Too many requests, try again in ${Math.ceil(seconds)} s`;
}
