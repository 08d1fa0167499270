import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { startBuiltServer } from '@stack/test-harness';

import { type ProbeSample, SAMPLE_REQUEST } from './probe-protocol.js';

const PROBE = fileURLToPath(new URL('./server-probe.js', import.meta.url));

export interface ServerProcess {
  pid: number;
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** Everything the server printed (it must never contain a token). */
  output(): string;
  /** Memory and event-loop figures from inside the server. */
  sample(): Promise<ProbeSample>;
  /** Resident set size as the kernel reports it (/proc/<pid>/status), in bytes. */
  rss(): Promise<number | null>;
  /** SIGTERM, then the exit code (or the signal's name). */
  stop(): Promise<number | string | null>;
}

/**
 * Every rate limit off. The scenarios measure everything else (throughput, latency, outages) with
 * a few users at rates no user could reach under the limits; `fairness` runs with them on.
 */
const RATE_LIMITS_OFF: Record<string, string> = {
  RATE_LIMIT_USER_READS_PER_MIN: '0',
  RATE_LIMIT_USER_WRITES_PER_MIN: '0',
  RATE_LIMIT_ORG_WRITES_PER_MIN: '0',
  RATE_LIMIT_ANONYMOUS_PER_MIN: '0',
  RATE_LIMIT_WEBHOOK_FAILURES_PER_MIN: '0',
};

/**
 * The built server exactly as production runs it (`node apps/server/dist/main.js`), plus the
 * probe. Rate limits are off unless `env` sets them (see RATE_LIMITS_OFF).
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startBuiltServer({ ...RATE_LIMITS_OFF, ...env }, { nodeArgs: ['--import', PROBE], ipc: true });
  return {
    pid: server.pid,
    url: server.url,
    output: server.output,
    sample: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the server probe did not answer')), 5_000);
        server.child.once('message', (message) => {
          clearTimeout(timer);
          resolve(message as ProbeSample);
        });
        server.child.send(SAMPLE_REQUEST);
      }),
    rss: () => rssOf(server.pid),
    // No SIGKILL fallback: a server that does not drain within the harness's grace is a finding.
    stop: () => server.stop(30_000),
  };
}

async function rssOf(pid: number): Promise<number | null> {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
