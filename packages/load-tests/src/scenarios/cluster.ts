import { setTimeout as sleep } from 'node:timers/promises';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { startThrowawayPostgres, type ThrowawayPostgres } from '@stack/db/testing';

import { type Answer, ReadyRouter } from '../cluster/ready-router.js';
import { Latencies } from '../load/percentiles.js';
import type { LoadOptions } from '../options.js';
import { type ServerProcess, startServerProcess } from '../stack/server-process.js';
import { ScenarioRecorder, type ScenarioReport } from './scenario-report.js';

const WEB_ORIGIN = 'http://localhost:3000';
const INSTANCES = 3;
const WORKERS = 6;
const STEADY_S = 4;
const POSTGRES_DOWN_S = 3;
/** The server's user-cache TTL while its change feed is down (USER_CACHE_TTL_WITHOUT_FEED_MS), plus slack. */
const STALENESS_BOUND_MS = 5_000 + 1_000;
/** Requests failing just after PostgreSQL is back (pools reconnecting) still count as planned. */
const RECOVERY_GRACE_MS = 2_000;

interface Outcome {
  /** Sent and answered (ms since the traffic began). */
  at: number;
  end: number;
  op: string;
  status: number | 'network-error';
  retryAfter: string | null;
}

type Window = { from: number; to: number };
const inside = (w: Window | null, t: number) => w !== null && t >= w.from && t <= w.to;
/** In flight at some moment of the window. */
const overlaps = (w: Window | null, o: Outcome) => w !== null && o.end >= w.from && o.at <= w.to;

/**
 * Three instances on one PostgreSQL behind a router that, like a load balancer, sends requests
 * only to instances whose /health/ready says 200. Mixed reads and writes run throughout a rolling
 * restart (SIGTERM → drain → start again, one instance at a time) and a PostgreSQL restart.
 * Bounds: no 500 ever; no failed request during the rolling restart; while PostgreSQL is down only
 * 503s with Retry-After; every acknowledged note present at the end; a profile written on one
 * instance is read fresh on every other within the stated bound, outage included.
 */
export async function cluster(_options: LoadOptions): Promise<ScenarioReport> {
  const recorder = new ScenarioRecorder('cluster');
  const emulator = await startClerkEmulator({});
  const postgres = await startThrowawayPostgres();
  const router = new ReadyRouter(100);
  const servers = new Map<string, ServerProcess>();
  const start = async () => {
    const server = await startInstance(emulator, postgres);
    servers.set(server.url, server);
    router.add(server.url);
    return server;
  };
  const outcomes: Outcome[] = [];
  const acked = new Map<string, string>(); // note id → body, for every acknowledged create
  const latencies = new Map<string, Latencies>();
  const delays = new Latencies();
  const staleReads: string[] = [];
  let running = true;
  try {
    const users = await Promise.all(
      Array.from({ length: WORKERS + 1 }, async (_, i) => {
        const { id } = await emulator.users.create({ email: `cluster-${i}@example.com`, firstName: 'Cluster' });
        return {
          id,
          token: await emulator.mintSessionToken({ userId: id, azp: WEB_ORIGIN, expiresInSeconds: 3600 }),
        };
      }),
    );
    await Promise.all(Array.from({ length: INSTANCES }, start));
    await waitFor(() => router.readyCount() === INSTANCES, 30_000, 'instances ready');
    const began = performance.now();
    const now = () => performance.now() - began;

    const call = async (
      op: string,
      path: string,
      token: string,
      body?: unknown,
    ): Promise<(Answer & { url: string }) | null> => {
      const sent = now();
      try {
        const answer = await router.call(path, token, body);
        outcomes.push({ at: sent, end: now(), op, status: answer.status, retryAfter: answer.retryAfter });
        if (answer.status === 200) latencyOf(latencies, op).add(now() - sent);
        return answer;
      } catch {
        outcomes.push({ at: sent, end: now(), op, status: 'network-error', retryAfter: null });
        return null;
      }
    };

    // Mixed traffic: each worker is one user reading its profile and its notes and writing notes.
    const worker = async (user: { id: string; token: string }, index: number) => {
      const mine: string[] = [];
      for (let n = 0; running; n++) {
        const pick = (n * 7 + index) % 10;
        if (pick < 5) await call('profile.me', 'profile.me', user.token);
        else if (pick < 7) {
          const body = `worker ${index} note ${n}`;
          const answer = await call('note.create', 'note.create', user.token, { title: `n${n}`, body });
          const id = (answer?.json as { result?: { data?: { id?: string } } } | null)?.result?.data?.id;
          if (answer?.status === 200 && id) {
            acked.set(id, body);
            mine.push(id);
          }
        } else if (pick < 9 || mine.length === 0) await call('note.list', `note.list?input=${q({})}`, user.token);
        else await call('note.byId', `note.byId?input=${q({ id: mine[n % mine.length] })}`, user.token);
        await sleep(5);
      }
    };

    // The coherence probe: write a profile through the router, then read it on every ready instance.
    const probeUser = users[WORKERS]!;
    const probe = async () => {
      for (let n = 0; running; n++) {
        const name = `Probe ${n}`;
        const answer = await call('profile.update', 'profile.update', probeUser.token, { firstName: name });
        if (answer?.status !== 200) {
          await sleep(100);
          continue;
        }
        const ackedAt = now();
        const feedsUp = !inside(postgresWindow, ackedAt);
        for (const url of [...servers.keys()].filter((u) => u !== answer.url)) {
          const delay = await freshWithin(url, probeUser.token, name, STALENESS_BOUND_MS);
          if (delay === 'gone') continue; // that instance is restarting
          if (delay === 'stale') staleReads.push(`${name} on ${url} still stale after ${STALENESS_BOUND_MS} ms`);
          else if (feedsUp) delays.add(delay);
        }
        await sleep(50);
      }
    };

    let postgresWindow: Window | null = null;
    const traffic = [...users.slice(0, WORKERS).map(worker), probe()];
    await sleep(STEADY_S * 1000);

    // Rolling restart: one instance at a time, SIGTERM → drain → a fresh process in its place.
    const rolling: Window = { from: now(), to: Number.POSITIVE_INFINITY };
    const drains: number[] = [];
    const exitCodes: (number | string | null)[] = [];
    for (const [url, server] of [...servers]) {
      const code = await server.stop();
      exitCodes.push(code);
      const drained = /drained in (\d+) ms/.exec(server.output());
      if (drained) drains.push(Number(drained[1]));
      router.remove(url);
      servers.delete(url);
      await start();
      await waitFor(() => router.readyCount() === INSTANCES, 30_000, 'replacement ready');
    }
    rolling.to = now();
    await sleep(1_000);

    // PostgreSQL restart (a clean fast shutdown, as a maintenance restart is).
    const down = now();
    postgresWindow = { from: down, to: Number.POSITIVE_INFINITY };
    await postgres.shutdown();
    await sleep(POSTGRES_DOWN_S * 1000);
    await postgres.start();
    const up = now();
    await waitFor(() => router.readyCount() === INSTANCES, 30_000, 'ready after the PostgreSQL restart');
    const recovered = now();
    postgresWindow.to = recovered + RECOVERY_GRACE_MS;
    await sleep(STEADY_S * 1000);
    running = false;
    await Promise.all(traffic);

    // Every acknowledged write is there.
    let missing = 0;
    const byOwner = new Map<string, string>();
    for (const o of users.slice(0, WORKERS)) byOwner.set(o.id, o.token);
    for (const [id, body] of acked) {
      let found = false;
      for (const token of byOwner.values()) {
        const answer = await router.call(`note.byId?input=${q({ id })}`, token);
        if (answer.status === 200) {
          found = (answer.json as { result: { data: { body: string } } }).result.data.body === body;
          break;
        }
      }
      if (!found) missing++;
    }

    const failed = (o: Outcome) => o.status !== 200;
    const in500 = outcomes.filter((o) => typeof o.status === 'number' && o.status >= 500 && o.status !== 503);
    const duringRolling = outcomes.filter((o) => overlaps(rolling, o) && failed(o));
    const duringPostgres = outcomes.filter((o) => overlaps(postgresWindow, o) && failed(o));
    const unplanned = duringPostgres.filter((o) => o.status !== 503 || !o.retryAfter);
    const elsewhere = outcomes.filter((o) => !overlaps(rolling, o) && !overlaps(postgresWindow, o) && failed(o));
    recorder.check('no 500s', in500.length === 0, `${in500.length} of ${outcomes.length}`);
    recorder.check(
      'no failed request during the rolling restart',
      duringRolling.length === 0,
      `${duringRolling.length} failed (${describe(duringRolling)}); ${router.rerouted} refused connections rerouted`,
    );
    recorder.check(
      'while PostgreSQL is down: only 503 with Retry-After',
      unplanned.length === 0,
      `${duringPostgres.length - unplanned.length} planned 503s; unplanned: ${describe(unplanned) || 'none'}`,
    );
    recorder.check(
      'no failed request outside the planned windows',
      elsewhere.length === 0,
      describe(elsewhere) || 'none',
    );
    recorder.check('every acknowledged note is present', missing === 0, `${acked.size - missing} of ${acked.size}`);
    recorder.check(
      `no stale read past ${STALENESS_BOUND_MS} ms`,
      staleReads.length === 0 && delays.count > 0,
      staleReads.join('; ') || `${delays.count} fresh reads after writes elsewhere`,
    );
    recorder.check(
      'every SIGTERMed instance exited 0 after draining',
      exitCodes.every((c) => c === 0) && drains.length === exitCodes.length,
      `exit codes ${exitCodes.join(', ')}`,
    );
    recorder.figure(
      'invalidation (ack → fresh read elsewhere) p50 / p99',
      `${ms(delays.percentile(50))} / ${ms(delays.percentile(99))}`,
    );
    recorder.figure(
      'drain time on SIGTERM, after the 500 ms not-ready delay (each instance)',
      drains.map((d) => `${d} ms`).join(', '),
    );
    recorder.figure('rolling restart of 3 instances', `${((rolling.to - rolling.from) / 1000).toFixed(1)} s`);
    recorder.figure('recovery after PostgreSQL is back (all ready)', `${Math.round(recovered - up)} ms`);
    recorder.figure('planned 503s while PostgreSQL was down', String(duringPostgres.length));
    const duration = now() / 1000;
    for (const [op, lat] of latencies) {
      const mine = outcomes.filter((o) => o.op === op);
      recorder.report.rows.push({
        scenario: 'cluster',
        traffic: op,
        requests: mine.length,
        requestsPerSecond: mine.length / duration,
        p50: lat.percentile(50),
        p99: lat.percentile(99),
        statuses: statuses(mine),
      });
    }
  } finally {
    running = false;
    await router.close();
    await Promise.all([...servers.values()].map((s) => s.stop()));
    await postgres.stop();
    await emulator.close();
  }
  return recorder.report;
}

function startInstance(emulator: ClerkEmulator, postgres: ThrowawayPostgres): Promise<ServerProcess> {
  return startServerProcess({
    CLERK_SECRET_KEY: emulator.secretKey,
    CLERK_PUBLISHABLE_KEY: emulator.publishableKey,
    CLERK_API_URL: emulator.url,
    CLERK_AUTHORIZED_PARTIES: WEB_ORIGIN,
    CLERK_JWT_KEY: emulator.publicKeyPem,
    DATABASE_URL: postgres.url(),
    DATABASE_POOL_MAX: '4',
    // Long enough for the router's 100 ms readiness poll to take it out before it stops accepting.
    SHUTDOWN_DELAY_MS: '500',
  });
}

/** Reads the profile on one instance until it shows `name`: the delay, 'stale' past the bound, or 'gone'. */
async function freshWithin(url: string, token: string, name: string, boundMs: number) {
  const started = performance.now();
  while (performance.now() - started < boundMs) {
    try {
      const res = await fetch(`${url}/trpc/profile.me`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { result?: { data?: { firstName?: string } } };
      if (body.result?.data?.firstName === name) return performance.now() - started;
    } catch {
      return 'gone' as const;
    }
    await sleep(10);
  }
  return 'stale' as const;
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`cluster: ${what} not reached within ${timeoutMs} ms`);
    await sleep(50);
  }
}

function latencyOf(map: Map<string, Latencies>, op: string): Latencies {
  let lat = map.get(op);
  if (!lat) map.set(op, (lat = new Latencies()));
  return lat;
}

const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const ms = (value: number) => `${value.toFixed(1)} ms`;

function statuses(outcomes: readonly Outcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(String(o.status), (counts.get(String(o.status)) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${s}×${n}`).join(' ');
}

function describe(outcomes: readonly Outcome[]): string {
  return statuses(outcomes.map((o) => ({ ...o, status: `${o.op}:${o.status}` as unknown as number })));
}
