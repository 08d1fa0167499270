export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * Settles with `promise` or rejects with TimeoutError after `ms`. Clerk's SDK takes no abort
 * signal, so the request itself runs on; callers bound how many can be outstanding.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
