import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type ProbeSample, SAMPLE_REQUEST } from './probe-protocol.js';

const SERVER_MAIN = join(
  dirname(createRequire(import.meta.url).resolve('@stack/server/package.json')),
  'dist',
  'main.js',
);
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
 * Runs the built server exactly as production does (`node apps/server/dist/main.js`), plus the
 * probe. Rate limits are off unless `env` sets them (see RATE_LIMITS_OFF).
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`pnpm build\` first`);
  const child = spawn(process.execPath, ['--import', PROBE, SERVER_MAIN], {
    // Each server gets its own in-memory database unless the scenario names one (a shared PGlite
    // directory would be refused by its lock).
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      PGLITE_DIR: 'memory://',
      ...RATE_LIMITS_OFF,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const collect = (chunk: Buffer) => void (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const url = await listeningUrl(child, () => output);
  return {
    pid: child.pid!,
    url,
    output: () => output,
    sample: () => sample(child),
    rss: () => rssOf(child.pid!),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function listeningUrl(child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /Listening on (http:\/\/\S+)/.exec(output());
    if (match) return match[1]!.replace('[::1]', '127.0.0.1');
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start:\n${output()}`);
}

function sample(child: ChildProcess): Promise<ProbeSample> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server probe did not answer')), 5_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as ProbeSample);
    });
    child.send(SAMPLE_REQUEST);
  });
}

async function rssOf(pid: number): Promise<number | null> {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
