import { setTimeout as sleep } from 'node:timers/promises';

import { percentile } from '@stack/test-kit';

import type { BenchIdentity } from '../bench-emulator.js';
import { type RunningServer, startServer } from '../measure.js';
import { currentRssBytes } from '../process/rss.js';
import { median } from '../report/summary.js';
import { type RealtimeTokens, realtimeTokens } from './realtime-identity.js';
import { CHANGES_PATH, makeChange, REALTIME_SIDES, realtimeServer, type RealtimeSide } from './realtime-servers.js';
import { SseSubscribers } from './sse-subscribers.js';

export interface RealtimeBenchSettings {
  /** Streams one instance holds at once (the memory case). */
  streams: number;
  /** Subscribers of one organization a change fans out to. */
  subscribers: number;
  /** Changes one at a time, 100 ms apart: the latency sample. */
  latencyChanges: number;
  /** Changes back to back: the delivered-events/s sample. */
  burstChanges: number;
  /** Subscribers spread over three instances on one PostgreSQL. */
  clusterSubscribers: number;
  clusterChanges: number;
}

/** Streams held by one instance: what they cost in resident memory. */
export interface HeldStreams {
  side: RealtimeSide;
  streams: number;
  baselineRssBytes: number;
  rssBytes: number;
  perStreamBytes: number;
  connectSeconds: number;
  lost: number;
}

/** Latency of a change to its subscribers' events, and how many events per second reach them. */
export interface FanOut {
  side: RealtimeSide | 'ours, 3 instances';
  subscribers: number;
  p50: number;
  p99: number;
  max: number;
  /** Null where no burst was measured. */
  deliveredPerSecond: number | null;
  lost: number;
}

export interface RealtimeResult {
  held: HeldStreams[];
  fanOut: FanOut[];
}

const CONNECT_TIMEOUT_MS = 180_000;

async function rssNow(server: RunningServer): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    samples.push((await currentRssBytes(server.child.pid ?? -1)) ?? Number.NaN);
    await sleep(200);
  }
  return median(samples);
}

const authorizationsFor = (side: RealtimeSide, tokens: readonly string[]) => (side === 'ours' ? tokens : []);

/** One instance holds `streams` open streams (each user at the per-user limit): resident memory per stream. */
async function holdStreams(
  side: RealtimeSide,
  identity: BenchIdentity,
  databaseUrl: string,
  tokens: RealtimeTokens,
  streams: number,
): Promise<HeldStreams> {
  const server = await startServer(realtimeServer(side, identity, databaseUrl), []);
  try {
    const path = CHANGES_PATH;
    const authorizations = authorizationsFor(side, tokens.personal);
    // Warm-up: the code paths compiled, caches and pools at their working size.
    const warm = await SseSubscribers.open({ urls: [server.url], path, authorizations, count: 200, timeoutMs: 30_000 });
    warm.close();
    await sleep(1_000);
    const baselineRssBytes = await rssNow(server);
    const started = performance.now();
    const pool = await SseSubscribers.open({
      urls: [server.url],
      path,
      authorizations,
      count: streams,
      timeoutMs: CONNECT_TIMEOUT_MS,
    });
    const connectSeconds = (performance.now() - started) / 1000;
    await sleep(2_000);
    const rssBytes = await rssNow(server);
    if (!server.alive()) throw new Error(`${side} exited holding ${streams} streams\n${server.output()}`);
    const lost = pool.lost;
    pool.close();
    return {
      side,
      streams,
      baselineRssBytes,
      rssBytes,
      perStreamBytes: (rssBytes - baselineRssBytes) / streams,
      connectSeconds,
      lost,
    };
  } finally {
    await server.stop();
  }
}

/** Per-event latencies: subscriber s's k-th event (after `from`) against the k-th change's send time. */
function latencies(pool: SseSubscribers, sent: readonly number[], from = 0): number[] {
  return pool.arrivals.flatMap((arrivals) => sent.map((at, k) => arrivals[from + k]! - at)).sort((a, b) => a - b);
}

/** Changes one at a time, `gapMs` apart, each through the next of `urls`; returns their send times. */
async function pacedChanges(
  side: RealtimeSide,
  urls: readonly string[],
  identity: BenchIdentity,
  count: number,
  gapMs: number,
) {
  const sent: number[] = [];
  for (let k = 0; k < count; k++) {
    sent.push(performance.now());
    await makeChange(side, urls[k % urls.length]!, identity, `realtime ${k}`);
    await sleep(gapMs);
  }
  return sent;
}

/** `subscribers` subscribers of one organization: paced changes (latency), then a burst (events/s). */
async function fanOut(
  side: RealtimeSide,
  identity: BenchIdentity,
  databaseUrl: string,
  tokens: RealtimeTokens,
  settings: RealtimeBenchSettings,
): Promise<FanOut> {
  const server = await startServer(realtimeServer(side, identity, databaseUrl), []);
  const urls = [server.url];
  try {
    const pool = await SseSubscribers.open({
      urls,
      path: CHANGES_PATH,
      authorizations: authorizationsFor(side, tokens.members),
      count: settings.subscribers,
      timeoutMs: CONNECT_TIMEOUT_MS,
    });
    try {
      const sent = await pacedChanges(side, urls, identity, settings.latencyChanges, 100);
      await pool.allReceived(settings.latencyChanges, 60_000);
      const sorted = latencies(pool, sent);
      const burstStarted = performance.now();
      for (let k = 0; k < settings.burstChanges; k++) await makeChange(side, server.url, identity, `burst ${k}`);
      const total = settings.latencyChanges + settings.burstChanges;
      await pool.allReceived(total, 120_000);
      const lastArrival = Math.max(...pool.arrivals.map((a) => a[total - 1]!));
      return {
        side,
        subscribers: settings.subscribers,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1)!,
        deliveredPerSecond: (settings.subscribers * settings.burstChanges) / ((lastArrival - burstStarted) / 1000),
        lost: pool.lost,
      };
    } finally {
      pool.close();
    }
  } finally {
    await server.stop();
  }
}

/** Three of our instances on one PostgreSQL, subscribers spread over them, changes through each in turn. */
async function clusterFanOut(
  identity: BenchIdentity,
  databaseUrl: string,
  tokens: RealtimeTokens,
  settings: RealtimeBenchSettings,
): Promise<FanOut> {
  const servers: RunningServer[] = [];
  try {
    for (let i = 0; i < 3; i++) servers.push(await startServer(realtimeServer('ours', identity, databaseUrl), []));
    const urls = servers.map((s) => s.url);
    const pool = await SseSubscribers.open({
      urls,
      path: CHANGES_PATH,
      authorizations: tokens.members,
      count: settings.clusterSubscribers,
      timeoutMs: CONNECT_TIMEOUT_MS,
    });
    try {
      const sent = await pacedChanges('ours', urls, identity, settings.clusterChanges, 50);
      await pool.allReceived(settings.clusterChanges, 60_000);
      const sorted = latencies(pool, sent);
      return {
        side: 'ours, 3 instances',
        subscribers: settings.clusterSubscribers,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1)!,
        deliveredPerSecond: null,
        lost: pool.lost,
      };
    } finally {
      pool.close();
    }
  } finally {
    for (const server of servers) await server.stop();
  }
}

/**
 * Issue 20's realtime cases, each side in its own process on the server CPU: streams held by one
 * instance (RSS per stream), a change fanned out to one organization's subscribers (latency, events/s),
 * both against tRPC's standalone adapter with an in-process emitter; then three of our instances
 * on one PostgreSQL (change → event latency). `databaseUrl` is a fresh PostgreSQL database.
 */
export async function runRealtimeBench(
  identity: BenchIdentity,
  databaseUrl: string,
  settings: RealtimeBenchSettings,
  lifetimeSeconds: number,
): Promise<RealtimeResult> {
  const tokens = await realtimeTokens(identity, {
    streams: settings.streams,
    subscribers: Math.max(settings.subscribers, settings.clusterSubscribers),
    lifetimeSeconds,
  });
  const held: HeldStreams[] = [];
  for (const side of REALTIME_SIDES) {
    const result = await holdStreams(side, identity, databaseUrl, tokens, settings.streams);
    held.push(result);
    console.log(
      `  ${side.padEnd(9)} ${result.streams} streams: ${(result.perStreamBytes / 1024).toFixed(1)} KB RSS each ` +
        `(${(result.baselineRssBytes / 2 ** 20).toFixed(0)} → ${(result.rssBytes / 2 ** 20).toFixed(0)} MB), connected in ${result.connectSeconds.toFixed(1)} s, lost ${result.lost}`,
    );
  }
  const fanOuts: FanOut[] = [];
  const report = (f: FanOut) =>
    console.log(
      `  ${f.side.padEnd(9)} ${f.subscribers} subscribers: change → event p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(1)} ms` +
        `${f.deliveredPerSecond === null ? '' : `, ${Math.round(f.deliveredPerSecond).toLocaleString('en-US')} events/s delivered`}, lost ${f.lost}`,
    );
  for (const side of REALTIME_SIDES) {
    const result = await fanOut(side, identity, databaseUrl, tokens, settings);
    fanOuts.push(result);
    report(result);
  }
  const cluster = await clusterFanOut(identity, databaseUrl, tokens, settings);
  fanOuts.push(cluster);
  report(cluster);
  return { held, fanOut: fanOuts };
}
