import { setTimeout as sleep } from 'node:timers/promises';

import { Latencies } from '../load/percentiles.js';
import { inside, type Outcome, type Window } from './outcomes.js';
import type { Answer, ReadyRouter } from './ready-router.js';

/** The server's user-cache TTL while its change feed is down (USER_CACHE_TTL_WITHOUT_FEED_MS), plus slack. */
export const STALENESS_BOUND_MS = 5_000 + 1_000;

export interface ClusterUser {
  readonly id: string;
  readonly token: string;
}

/**
 * The cluster scenario's traffic through the router: workers (one user each) reading their profile
 * and notes and writing notes, and a coherence probe that writes a profile through the router and
 * reads it back on every other instance. Records every outcome, acknowledged note and freshness delay.
 */
export class ClusterTraffic {
  readonly outcomes: Outcome[] = [];
  /** note id → body, for every acknowledged create. */
  readonly acked = new Map<string, string>();
  readonly latencies = new Map<string, Latencies>();
  /** Ack on one instance → fresh read on another, while the change feeds were up. */
  readonly delays = new Latencies();
  readonly staleReads: string[] = [];
  /** While set, the probe does not count delays (the feeds are down, the TTL bounds staleness). */
  postgresWindow: Window | null = null;
  #running = true;
  #began = performance.now();
  #tasks: Promise<void>[] = [];

  constructor(
    private readonly router: ReadyRouter,
    /** The instances' URLs now (they change during a rolling restart). */
    private readonly instances: () => readonly string[],
  ) {}

  /** ms since the traffic began. */
  now(): number {
    return performance.now() - this.#began;
  }

  start(workers: readonly ClusterUser[], probeUser: ClusterUser): void {
    this.#began = performance.now();
    this.#tasks = [...workers.map((user, index) => this.#worker(user, index)), this.#probe(probeUser)];
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#tasks);
  }

  async #call(op: string, path: string, token: string, body?: unknown): Promise<(Answer & { url: string }) | null> {
    const sent = this.now();
    try {
      const answer = await this.router.call(path, token, body);
      this.outcomes.push({ at: sent, end: this.now(), op, status: answer.status, retryAfter: answer.retryAfter });
      if (answer.status === 200) this.#latency(op).add(this.now() - sent);
      return answer;
    } catch {
      this.outcomes.push({ at: sent, end: this.now(), op, status: 'network-error', retryAfter: null });
      return null;
    }
  }

  async #worker(user: ClusterUser, index: number): Promise<void> {
    const mine: string[] = [];
    for (let n = 0; this.#running; n++) {
      const pick = (n * 7 + index) % 10;
      if (pick < 5) await this.#call('profile.me', 'profile.me', user.token);
      else if (pick < 7) {
        const body = `worker ${index} note ${n}`;
        const answer = await this.#call('note.create', 'note.create', user.token, { title: `n${n}`, body });
        const id = (answer?.json as { result?: { data?: { id?: string } } } | null)?.result?.data?.id;
        if (answer?.status === 200 && id) {
          this.acked.set(id, body);
          mine.push(id);
        }
      } else if (pick < 9 || mine.length === 0)
        await this.#call('note.list', `note.list?input=${query({})}`, user.token);
      else await this.#call('note.byId', `note.byId?input=${query({ id: mine[n % mine.length] })}`, user.token);
      await sleep(5);
    }
  }

  async #probe(user: ClusterUser): Promise<void> {
    for (let n = 0; this.#running; n++) {
      const name = `Probe ${n}`;
      const answer = await this.#call('profile.update', 'profile.update', user.token, { firstName: name });
      if (answer?.status !== 200) {
        await sleep(100);
        continue;
      }
      const feedsUp = !inside(this.postgresWindow, this.now());
      for (const url of this.instances().filter((u) => u !== answer.url)) {
        const delay = await freshWithin(url, user.token, name, STALENESS_BOUND_MS);
        if (delay === 'gone') continue; // that instance is restarting
        if (delay === 'stale') this.staleReads.push(`${name} on ${url} still stale after ${STALENESS_BOUND_MS} ms`);
        else if (feedsUp) this.delays.add(delay);
      }
      await sleep(50);
    }
  }

  #latency(op: string): Latencies {
    let lat = this.latencies.get(op);
    if (!lat) this.latencies.set(op, (lat = new Latencies()));
    return lat;
  }
}

export const query = (value: unknown) => encodeURIComponent(JSON.stringify(value));

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
