import { fire, type LoadRequest } from '../load/fire.js';
import { fireApart } from '../load/fire-apart.js';
import { Rotation } from '../load/rotation.js';
import { profileMe, traffic } from '../load/traffic.js';
import type { LoadOptions } from '../options.js';
import { startLoadStack } from '../stack/load-stack.js';
import { startSampler } from '../stack/sampler.js';
import { countWhere, ScenarioRecorder, type ScenarioReport, unexpected } from './scenario-report.js';

/** The probe: batches of 10 × note.list {limit: 50}, each note ~9 KB (a 4.6 MB answer). */
const FLOOD_CONNECTIONS = 50;
const CALLS_PER_BATCH = 10;
const NOTES = 50;
const BODY = 'x'.repeat(9_000);
/** The other user stays well inside user-reads (600 a minute); /health is polled beside it. */
const OTHER_RATE = 8;
const HEALTH_RATE = 20;
/** The targets (issue 18). */
const HEALTH_P99_MS = 50;
const OTHER_P99_MS = 100;

const floodBatch = (token: string): LoadRequest => {
  const paths = Array(CALLS_PER_BATCH).fill('note.list').join(',');
  const input = Object.fromEntries(Array.from({ length: CALLS_PER_BATCH }, (_, i) => [i, { limit: 50 }]));
  return {
    path: `/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`,
    headers: { authorization: `Bearer ${token}` },
  };
};

/**
 * One user floods with batched `note.list` calls (50 connections, 4.6 MB per answer) while another
 * calls `profile.me` at a normal pace and a load balancer polls `/health`, with the rate limits at
 * their defaults. Enforced: the flood is held to its user-reads budget (429 before tRPC, never a
 * 5xx), the others are never refused, and the other user's p99 stays ≤ 100 ms (issue 18); `/health`'s
 * p99 is printed against its 50 ms target (see below and docs/reliability.md).
 */
export async function fairness(options: LoadOptions): Promise<ScenarioReport> {
  const recorder = new ScenarioRecorder('fairness');
  // Limits as shipped (the load stack turns them off unless told).
  const stack = await startLoadStack({
    mode: 'jwt-key',
    users: 2,
    tokensPerUser: 1,
    jitWarmUpSeconds: options.jitWarmUpSeconds,
    env: {
      RATE_LIMIT_USER_READS_PER_MIN: '600',
      RATE_LIMIT_USER_WRITES_PER_MIN: '60',
      RATE_LIMIT_ORG_WRITES_PER_MIN: '300',
      RATE_LIMIT_ANONYMOUS_PER_MIN: '300',
      RATE_LIMIT_WEBHOOK_FAILURES_PER_MIN: '30',
    },
  });
  try {
    // Fresh users: the stack's warm-up spent its own users' read budgets.
    const [flooder, other] = await stack.coldUsers(2);
    const floodToken = flooder!.tokens[0]!;
    const otherToken = other!.tokens[0]!;
    for (let i = 0; i < NOTES; i++) {
      const res = await fetch(`${stack.server.url}/trpc/note.create`, {
        method: 'POST',
        headers: { authorization: `Bearer ${floodToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Flood ${i}`, body: BODY }),
      });
      if (res.status !== 200) throw new Error(`seeding the flood's notes: ${res.status} ${await res.text()}`);
    }
    const warm = await fetch(`${stack.server.url}/trpc/profile.me`, {
      headers: { authorization: `Bearer ${otherToken}` },
    });
    if (warm.status !== 200) throw new Error(`warming the other user: ${warm.status}`);

    const sampler = startSampler(stack.server);
    const [flood, others, health] = await Promise.all([
      fire({
        url: stack.server.url,
        connections: FLOOD_CONNECTIONS,
        durationSeconds: options.seconds,
        classes: [traffic('flood: 10 × note.list {limit: 50}', 1, new Rotation([floodToken]), floodBatch)],
      }).done,
      // The other user and the load balancer are other clients: each measures from its own thread,
      // not from the loop that reads the flood's answers (see fireApart).
      fireApart({
        url: stack.server.url,
        connections: 2,
        durationSeconds: options.seconds,
        overallRate: OTHER_RATE,
        classes: [{ name: 'other user: profile.me', weight: 1, request: profileMe(otherToken) }],
      }),
      fireApart({
        url: stack.server.url,
        connections: 1,
        durationSeconds: options.seconds,
        overallRate: HEALTH_RATE,
        classes: [{ name: '/health', weight: 1, request: { path: '/health' } }],
      }),
    ]);
    const samples = await sampler.stop();
    for (const result of [flood, others, health]) recorder.rows(result);

    const floodStats = flood.traffic.values().next().value!;
    const otherStats = others.traffic.values().next().value!;
    const healthStats = health.traffic.values().next().value!;
    const served = countWhere(floodStats, (s) => s === 200 || s === 207);
    const refused = countWhere(floodStats, (s) => s === 429);
    recorder.check(
      'the flood is held to its budget: refused with 429, never a 5xx',
      refused > 0 && countWhere(floodStats, (s) => s >= 500) === 0,
      `${floodStats.requests} batches: ${served} answered, ${refused} refused (429)`,
    );
    recorder.check(
      'the other user is never refused',
      unexpected(otherStats, 200) === 0 && otherStats.requests > 0,
      `${otherStats.requests} requests, ${unexpected(otherStats, 200)} not 200`,
    );
    const healthP99 = healthStats.latency.percentile(99);
    const otherP99 = otherStats.latency.percentile(99);
    recorder.check(
      'every /health probe answered 200',
      unexpected(healthStats, 200) === 0 && healthStats.requests > 0,
      `${healthStats.requests} probes, ${unexpected(healthStats, 200)} not 200`,
    );
    // Measured from their own threads (fireApart), the other user's p99 was 24-51 ms over 12 runs:
    // enforced. `/health`'s (22-43 ms) is printed against its target: its tail is the server's
    // longest pauses (a 4.6 MB answer serialized inside tRPC, ~17 ms, and a full GC, up to 33 ms),
    // too close to 50 ms for a bound that must never fail by chance (docs/reliability.md).
    recorder.check(
      `the other user's profile.me: p99 ≤ ${OTHER_P99_MS} ms`,
      otherP99 <= OTHER_P99_MS,
      `p50 ${otherStats.latency.percentile(50).toFixed(1)} ms, p99 ${otherP99.toFixed(1)} ms (${otherStats.requests} calls)`,
    );
    recorder.figure(
      `/health (target p99 ≤ ${HEALTH_P99_MS} ms: ${healthP99 <= HEALTH_P99_MS ? 'met' : 'MISSED'})`,
      `p50 ${healthStats.latency.percentile(50).toFixed(1)} ms, p99 ${healthP99.toFixed(1)} ms (${healthStats.requests} probes)`,
    );
    recorder.figure(
      'flood refusals',
      `p50 ${floodStats.latency.percentile(50).toFixed(1)} ms, p99 ${floodStats.latency.percentile(99).toFixed(1)} ms over ${floodStats.requests} batches`,
    );
    recorder.serverFigures(samples);
    return recorder.report;
  } finally {
    await stack.close();
  }
}
