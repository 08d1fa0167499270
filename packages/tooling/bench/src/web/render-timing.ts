import { Agent, request } from 'node:http';

import { percentile } from '@stack/test-kit';

export interface Fetched {
  status: number;
  location: string | undefined;
  body: string;
  /** Request written → last byte of the body read: time to the full HTML. */
  ms: number;
}

export interface Timing {
  name: string;
  requests: number;
  /** Responses that were not 200 or lacked the expected content. */
  failures: number;
  p50: number;
  p90: number;
  max: number;
}

/** One kept-alive connection, as a browser tab reuses its own: the handshake is not timed. */
export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 });
}

/** One GET, fully read. */
export function get(url: string, headers: Record<string, string>, agent: Agent): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { agent, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('error', reject);
      res.once('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
        }),
      );
    });
    req.once('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.once('error', reject);
    req.end();
  });
}

export function summarizeTimes(name: string, times: readonly number[], failures: number): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    name,
    requests: times.length,
    failures,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    max: sorted[sorted.length - 1]!,
  };
}
