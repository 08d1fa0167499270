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

/** The built server exactly as production runs it (`node apps/server/dist/main.js`), plus the probe. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startBuiltServer(env, { nodeArgs: ['--import', PROBE], ipc: true });
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
