import { setTimeout as sleep } from 'node:timers/promises';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { serverEnv, WEB_ORIGIN } from '@stack/test-harness';
import { startThrowawayPostgres, type ThrowawayPostgres } from '@stack/test-kit/postgres';

import { ClusterTraffic, type ClusterUser, query } from '../cluster/cluster-traffic.js';
import { recordClusterVerdict } from '../cluster/cluster-verdict.js';
import type { Window } from '../cluster/outcomes.js';
import { ReadyRouter } from '../cluster/ready-router.js';
import type { LoadOptions } from '../options.js';
import { type ServerProcess, startServerProcess } from '../stack/server-process.js';
import { ScenarioRecorder, type ScenarioReport } from './scenario-report.js';

const INSTANCES = 3;
const WORKERS = 6;
/** Requests failing just after PostgreSQL is back (pools reconnecting) still count as planned. */
const RECOVERY_GRACE_MS = 2_000;

/**
 * Three instances on one PostgreSQL behind a router that, like a load balancer, sends requests
 * only to instances whose /health/ready says 200. Mixed reads and writes run throughout a rolling
 * restart (SIGTERM → drain → start again, one instance at a time) and a PostgreSQL restart.
 * Bounds: no 500 ever; no failed request during the rolling restart; while PostgreSQL is down only
 * 503s with Retry-After; every acknowledged note present at the end; a profile written on one
 * instance is read fresh on every other within the stated bound, outage included.
 */
export async function cluster(options: LoadOptions): Promise<ScenarioReport> {
  const { steadySeconds: STEADY_S, postgresDownSeconds: POSTGRES_DOWN_S } = options.cluster;
  const recorder = new ScenarioRecorder('cluster');
  const emulator = await startClerkEmulator({});
  const postgres = await startThrowawayPostgres();
  const router = new ReadyRouter(100);
  const servers = new Map<string, ServerProcess>();
  const start = async () => {
    const server = await startInstance(emulator, postgres);
    servers.set(server.url, server);
    router.add(server.url);
  };
  // On a timeout: each instance's last readiness answer and last log lines.
  const state = () =>
    [router.describe(), ...[...servers.values()].map((s) => `${s.url} said:\n${lastLines(s.output(), 5)}`)].join('\n');
  const allReady = (what: string) => waitFor(() => router.readyCount() === INSTANCES, 30_000, what, state);
  const traffic = new ClusterTraffic(router, () => [...servers.keys()]);
  try {
    const users = await Promise.all(Array.from({ length: WORKERS + 1 }, (_, i) => newUser(emulator, i)));
    await Promise.all(Array.from({ length: INSTANCES }, start));
    await allReady('instances ready');
    traffic.start(users.slice(0, WORKERS), users[WORKERS]!);
    await sleep(STEADY_S * 1000);

    // Rolling restart: one instance at a time, SIGTERM → drain → a fresh process in its place.
    const rolling: Window = { from: traffic.now(), to: Number.POSITIVE_INFINITY };
    const drains: number[] = [];
    const exitCodes: (number | string | null)[] = [];
    for (const [url, server] of [...servers]) {
      exitCodes.push(await server.stop());
      const drained = /drained in (\d+) ms/.exec(server.output());
      if (drained) drains.push(Number(drained[1]));
      router.remove(url);
      servers.delete(url);
      await start();
      await allReady('replacement ready');
    }
    rolling.to = traffic.now();
    await sleep(1_000);

    // PostgreSQL restart (a clean fast shutdown, as a maintenance restart is).
    const outage: Window = { from: traffic.now(), to: Number.POSITIVE_INFINITY };
    traffic.postgresWindow = outage;
    await postgres.shutdown();
    await sleep(POSTGRES_DOWN_S * 1000);
    await postgres.start();
    const up = traffic.now();
    await allReady('ready after the PostgreSQL restart');
    const recovered = traffic.now();
    outage.to = recovered + RECOVERY_GRACE_MS;
    await sleep(STEADY_S * 1000);
    await traffic.stop();

    recordClusterVerdict(recorder, traffic, {
      rolling,
      postgres: outage,
      recoveryMs: recovered - up,
      exitCodes,
      drains,
      missing: await countMissing(router, traffic.acked, users.slice(0, WORKERS)),
      rerouted: router.rerouted,
    });
  } finally {
    await traffic.stop();
    await router.close();
    await Promise.all([...servers.values()].map((s) => s.stop()));
    await postgres.stop();
    await emulator.close();
  }
  return recorder.report;
}

async function newUser(emulator: ClerkEmulator, i: number): Promise<ClusterUser> {
  const { id } = await emulator.users.create({ email: `cluster-${i}@example.com`, firstName: 'Cluster' });
  return { id, token: await emulator.mintSessionToken({ userId: id, azp: WEB_ORIGIN, expiresInSeconds: 3600 }) };
}

/** Acknowledged notes not read back with the body that was written (asked as each worker in turn). */
async function countMissing(
  router: ReadyRouter,
  acked: ReadonlyMap<string, string>,
  owners: readonly ClusterUser[],
): Promise<number> {
  let missing = 0;
  for (const [id, body] of acked) {
    let found = false;
    for (const { token } of owners) {
      const answer = await router.call(`note.byId?input=${query({ id })}`, token);
      if (answer.status === 200) {
        found = (answer.json as { result: { data: { body: string } } }).result.data.body === body;
        break;
      }
    }
    if (!found) missing++;
  }
  return missing;
}

function startInstance(emulator: ClerkEmulator, postgres: ThrowawayPostgres): Promise<ServerProcess> {
  return startServerProcess({
    ...serverEnv(emulator, { mode: 'jwt-key' }),
    DATABASE_URL: postgres.url(),
    DATABASE_POOL_MAX: '4',
    // Long enough for the router's 100 ms readiness poll to take it out before it stops accepting.
    SHUTDOWN_DELAY_MS: '500',
  });
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string, state: () => string) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline)
      throw new Error(`cluster: ${what} not reached within ${timeoutMs} ms; readiness:\n${state()}`);
    await sleep(50);
  }
}

const lastLines = (text: string, n: number) => text.trimEnd().split('\n').slice(-n).join('\n');
