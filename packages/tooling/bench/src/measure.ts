import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { ClerkEmulator } from '@stack/clerk-emulator';
import { ROUTE_NAMES } from '@stack/clerk-emulator';
import { freePort, type NodeProcess, startNode, waitForHttpOk } from '@stack/test-kit';

import type { Contender, ContenderId } from './contenders.js';
import type { LoadJob } from './load/load-types.js';
import { runLoad } from './load/run-load.js';
import { cpuTimeMs } from './process/cpu-time.js';
import { gcPerRequest, type GcTotals, GcTraceFile } from './process/gc-trace.js';
import { peakRssBytes } from './process/rss.js';

export const SERVER_CPU = 0;
/** V8's flag for one line per collection (pause, kind, bytes promoted). */
export const TRACE_GC = '--trace-gc-nvp';
export const LOAD_CPU = 1;

export interface MeasureSettings {
  warmupSeconds: number;
  durationSeconds: number;
  connections: number;
  /** Extra node flags for the server (e.g. --cpu-prof). */
  nodeArgs: string[];
}

/** One contender, one round: everything the table reports, before medians. */
export interface Sample<Id extends string = ContenderId> {
  contender: Id;
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
  /** GC per measured request, when the server ran with `--trace-gc-nvp` (the notes cases). */
  gc?: ReturnType<typeof gcPerRequest>;
  coldStartMs: number;
}

function backendCalls(emulator: ClerkEmulator): number {
  return ROUTE_NAMES.reduce((sum, route) => sum + emulator.stats.count(route), 0);
}

/** A server under test, running on SERVER_CPU (its output: the last few KB it printed on stderr). */
export interface RunningServer extends NodeProcess {
  url: string;
  coldStartMs: number;
  /** GC so far, from `--trace-gc-nvp` lines on stdout (null without the flag). */
  gc(): GcTotals | null;
}

/** What a server is started from: its entry file, environment and readiness path. */
export type ServerSpec = Pick<Contender, 'script' | 'env' | 'readyPath'>;

/**
 * Fresh server process on SERVER_CPU, polled until `readyPath` answers 200 (the cold start). Its
 * stdout (a request line per request from our server) goes to /dev/null: the lines are made and
 * written as in production, where the platform's collector reads them on another core, but no
 * pipe reader competes with the load generator on LOAD_CPU (nor stalls the server when it lags).
 * Failures are on stderr, which is kept. With `--trace-gc-nvp`, stdout goes to a file instead,
 * read for V8's GC lines at the edges of each measured window only.
 */
export async function startServer(spec: ServerSpec, nodeArgs: string[]): Promise<RunningServer> {
  // A port chosen up front: the contenders other than ours do not say where they listen.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  const stdoutFile = nodeArgs.includes(TRACE_GC)
    ? path.join(tmpdir(), `stack-bench-stdout-${process.pid}-${port}.log`)
    : undefined;
  const server = startNode(spec.script, {
    nodeArgs,
    cpu: SERVER_CPU,
    env: { ...spec.env, HOST: '127.0.0.1', PORT: String(port) },
    ignoreStdout: true,
    stdoutFile,
    keepOutput: 4_000,
  });
  if (stdoutFile) void server.exited.then(() => rmSync(stdoutFile, { force: true }));
  const gcFile = stdoutFile ? new GcTraceFile(stdoutFile) : null;
  const gc = () => gcFile?.totals() ?? null;
  try {
    const coldStartMs = await waitForHttpOk(`${url}${spec.readyPath}`, {
      startedAt,
      timeoutMs: 20_000,
      alive: server.alive,
    });
    return { ...server, url, coldStartMs, gc };
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output()}`, { cause: error });
  }
}

/** What one measured load needs, besides the server: the request and who sends it. */
export type LoadSpec = Pick<LoadJob, 'method' | 'path' | 'body' | 'authorizations'>;

/**
 * Warm-up → counters reset → measured load → Backend API counters and peak RSS, against a server
 * already running. The load generator runs on LOAD_CPU.
 */
export async function measureLoad<Id extends string>(
  id: Id,
  round: number,
  server: RunningServer,
  load: LoadSpec,
  emulator: ClerkEmulator,
  settings: Omit<MeasureSettings, 'nodeArgs'>,
): Promise<Sample<Id>> {
  const job = { ...load, url: server.url, connections: settings.connections };
  await runLoad(LOAD_CPU, { ...job, durationSeconds: settings.warmupSeconds });
  // Let the warm-up's last requests (and their Backend API calls) finish before counting.
  await new Promise((r) => setTimeout(r, 250));
  emulator.stats.reset();
  const pid = server.pid;
  const cpuBefore = await cpuTimeMs(pid);
  const gcBefore = server.gc();
  const result = await runLoad(LOAD_CPU, { ...job, durationSeconds: settings.durationSeconds });
  const cpuAfter = await cpuTimeMs(pid);
  const gcAfter = server.gc();
  if (!server.alive()) throw new Error('server exited during the run');
  return {
    contender: id,
    round,
    requests: result.requests,
    sent: result.sent,
    requestsPerSecond: result.requestsPerSecond,
    p50: result.p50,
    p99: result.p99,
    errors: result.errors,
    backendApiCalls: backendCalls(emulator),
    jwksFetches: emulator.stats.count('jwks'),
    peakRssBytes: await peakRssBytes(pid),
    cpuMicrosPerRequest:
      cpuBefore === null || cpuAfter === null || result.requests === 0
        ? null
        : ((cpuAfter - cpuBefore) * 1000) / result.requests,
    gc: gcPerRequest(gcBefore, gcAfter, result.requests),
    coldStartMs: server.coldStartMs,
  };
}

/** Fresh server process → cold start → one measured load → stop. */
export async function measure(
  contender: Contender,
  round: number,
  emulator: ClerkEmulator,
  settings: MeasureSettings,
): Promise<Sample> {
  const server = await startServer(contender, settings.nodeArgs).catch((error: Error) => {
    throw new Error(`${contender.id}: ${error.message}`, { cause: error });
  });
  try {
    return await measureLoad(contender.id, round, server, contender, emulator, settings);
  } catch (error) {
    throw new Error(`${contender.id}: ${(error as Error).message}\n--- server output ---\n${server.output()}`, {
      cause: error,
    });
  } finally {
    await server.stop();
  }
}
