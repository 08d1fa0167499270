import type { ProbeSample } from './probe-protocol.js';
import type { ServerProcess } from './server-process.js';

export interface ServerSample {
  /** Seconds since the sampler started. */
  at: number;
  rssBytes: number | null;
  probe: ProbeSample;
}

/** Samples the server once per interval until stopped: RSS from /proc, heap and loop delay from the probe. */
export function startSampler(server: ServerProcess, intervalMs = 1_000): { stop(): Promise<ServerSample[]> } {
  const samples: ServerSample[] = [];
  const started = performance.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, intervalMs));
      if (!running) break;
      const [rssBytes, probe] = await Promise.all([server.rss(), server.sample()]);
      samples.push({ at: (performance.now() - started) / 1000, rssBytes, probe });
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}
