import { request } from 'node:http';

/** One GET; resolves with the status code, or null while nothing answers. */
function probe(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 1_000 }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? null));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(null));
    req.end();
  });
}

/**
 * Polls `url` every few milliseconds until it answers 200; returns the milliseconds since
 * `startedAt` (performance.now() taken just before the process was spawned: its cold start).
 * Gives up when `alive()` turns false or after `timeoutMs`.
 */
export async function waitForHttpOk(
  url: string,
  options: { timeoutMs?: number; alive?: () => boolean; startedAt?: number } = {},
): Promise<number> {
  const { timeoutMs = 30_000, alive = () => true, startedAt = performance.now() } = options;
  const deadline = startedAt + timeoutMs;
  while (performance.now() < deadline) {
    if (!alive()) throw new Error(`process exited before ${url} answered`);
    if ((await probe(url)) === 200) return performance.now() - startedAt;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}
