import type { ClerkEmulator } from '@stack/clerk-emulator';
import { ROUTE_NAMES } from '@stack/clerk-emulator';

import type { Contender, ContenderId } from './contenders.js';
import { runLoad } from './load/run-load.js';
import { cpuTimeMs } from './process/cpu-time.js';
import { freePort } from './process/free-port.js';
import { peakRssBytes } from './process/peak-rss.js';
import { spawnPinnedNode, stop } from './process/pinned.js';
import { waitForOk } from './process/wait-ready.js';

export const SERVER_CPU = 0;
export const LOAD_CPU = 1;

export interface MeasureSettings {
  warmupSeconds: number;
  durationSeconds: number;
  connections: number;
  /** Extra node flags for the server (e.g. --cpu-prof). */
  nodeArgs: string[];
}

/** One contender, one round: everything the table reports, before medians. */
export interface Sample {
  contender: ContenderId;
  round: number;
  requests: number;
  /** Requests sent (completed or in flight at the end): what Backend API calls are divided by. */
  sent: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  backendApiCalls: number;
  jwksFetches: number;
  peakRssBytes: number | null;
  /** Server CPU time (user + system) per measured request, in microseconds. */
  cpuMicrosPerRequest: number | null;
  coldStartMs: number;
}

function backendCalls(emulator: ClerkEmulator): number {
  return ROUTE_NAMES.reduce((sum, route) => sum + emulator.stats.count(route), 0);
}

/**
 * Fresh server process on SERVER_CPU → cold start → warm-up → counters reset → measured load →
 * Backend API counters and peak RSS → stop. The load generator runs on LOAD_CPU.
 */
export async function measure(
  contender: Contender,
  round: number,
  emulator: ClerkEmulator,
  settings: MeasureSettings,
): Promise<Sample> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const startedAt = performance.now();
  const child = spawnPinnedNode(SERVER_CPU, [...settings.nodeArgs, contender.script], {
    env: { PATH: process.env['PATH'] ?? '', ...contender.env, HOST: '127.0.0.1', PORT: String(port) },
  });
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4_000)));
  const alive = () => child.exitCode === null && child.signalCode === null;

  try {
    const coldStartMs = await waitForOk(`${url}${contender.readyPath}`, startedAt, 15_000, alive);
    const job = {
      url,
      path: contender.path,
      authorizations: contender.authorizations,
      connections: settings.connections,
    };
    await runLoad(LOAD_CPU, { ...job, durationSeconds: settings.warmupSeconds });
    // Let the warm-up's last requests (and their Backend API calls) finish before counting.
    await new Promise((r) => setTimeout(r, 250));
    emulator.stats.reset();
    const pid = child.pid ?? -1;
    const cpuBefore = await cpuTimeMs(pid);
    const load = await runLoad(LOAD_CPU, { ...job, durationSeconds: settings.durationSeconds });
    const cpuAfter = await cpuTimeMs(pid);
    const sample: Sample = {
      contender: contender.id,
      round,
      requests: load.requests,
      sent: load.sent,
      requestsPerSecond: load.requestsPerSecond,
      p50: load.p50,
      p99: load.p99,
      errors: load.errors,
      backendApiCalls: backendCalls(emulator),
      jwksFetches: emulator.stats.count('jwks'),
      peakRssBytes: await peakRssBytes(pid),
      cpuMicrosPerRequest:
        cpuBefore === null || cpuAfter === null || load.requests === 0
          ? null
          : ((cpuAfter - cpuBefore) * 1000) / load.requests,
      coldStartMs,
    };
    if (!alive()) throw new Error('server exited during the run');
    return sample;
  } catch (error) {
    throw new Error(`${contender.id}: ${(error as Error).message}\n--- server output ---\n${output}`, { cause: error });
  } finally {
    await stop(child);
  }
}
