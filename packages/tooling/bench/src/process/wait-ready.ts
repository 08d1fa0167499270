import { request } from 'node:http';

/** One GET; resolves with the status code, or null when nothing answers yet. */
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
 * Polls `url` until it answers 200 and returns the milliseconds since `startedAt`
 * (performance.now() taken just before the process was spawned): the cold start.
 */
export async function waitForOk(
  url: string,
  startedAt: number,
  timeoutMs: number,
  isAlive: () => boolean,
): Promise<number> {
  const deadline = startedAt + timeoutMs;
  while (performance.now() < deadline) {
    if (!isAlive()) throw new Error(`process exited before ${url} answered`);
    if ((await probe(url)) === 200) return performance.now() - startedAt;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}
