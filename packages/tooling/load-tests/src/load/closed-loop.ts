import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import type { LoadRequest } from './fire.js';
import { Latencies } from './percentiles.js';

/** What the clients saw, by answer. */
export interface ClosedLoopResult {
  /** Latency of every 200. */
  ok: Latencies;
  /** Latency of every 503. */
  refused: Latencies;
  statuses: Map<number, number>;
  /** 503s without a positive whole-second Retry-After. */
  refusedWithoutRetryAfter: number;
  /** Requests with no answer within the deadline (the socket was then destroyed). */
  hung: number;
  /** Connection errors (reset, refused). */
  errors: number;
  requests: number;
  seconds: number;
}

export interface ClosedLoopOptions {
  url: string;
  /** Clients, each on a keep-alive connection of its own, each with one request in flight at most. */
  clients: number;
  seconds: number;
  next(client: number): LoadRequest;
  /**
   * After a 503, wait its Retry-After before asking again, as a client should (React Query, the
   * web app's default, waits ≥ 1 s before a retry). Off: ask again at once.
   */
  honourRetryAfter: boolean;
  /** An answer slower than this is a hung request. */
  deadlineMs: number;
}

/**
 * `clients` closed-loop clients: each sends a request, waits for its answer (or the deadline),
 * and sends the next, until the time is up. Unlike autocannon, a client can honour Retry-After,
 * and a request left unanswered is counted as hung rather than as a timeout among the rest.
 */
export async function closedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const result: ClosedLoopResult = {
    ok: new Latencies(),
    refused: new Latencies(),
    statuses: new Map(),
    refusedWithoutRetryAfter: 0,
    hung: 0,
    errors: 0,
    requests: 0,
    seconds: options.seconds,
  };
  const { hostname, port } = new URL(options.url);
  const started = performance.now();
  const endsAt = started + options.seconds * 1000;

  const client = async (index: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (performance.now() < endsAt) {
        const next = options.next(index);
        const sentAt = performance.now();
        const answer = await send(agent, hostname, Number(port), next, options.deadlineMs);
        const ms = performance.now() - sentAt;
        result.requests++;
        if (answer.kind === 'hung') result.hung++;
        else if (answer.kind === 'error') result.errors++;
        else {
          result.statuses.set(answer.status, (result.statuses.get(answer.status) ?? 0) + 1);
          if (answer.status === 200) result.ok.add(ms);
          if (answer.status === 503) {
            result.refused.add(ms);
            const seconds = Number(answer.retryAfter);
            if (!(Number.isInteger(seconds) && seconds > 0)) result.refusedWithoutRetryAfter++;
            else if (options.honourRetryAfter)
              await sleep(Math.min(seconds * 1000, Math.max(0, endsAt - performance.now())));
          }
        }
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

type Answer = { kind: 'answer'; status: number; retryAfter: string | undefined } | { kind: 'hung' } | { kind: 'error' };

function send(agent: Agent, host: string, port: number, next: LoadRequest, deadlineMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(
      { agent, host, port, method: next.method ?? 'GET', path: next.path, headers: next.headers },
      (res) => {
        res.resume();
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ kind: 'answer', status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] });
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ kind: 'hung' });
    }, deadlineMs);
    req.on('error', () => {
      clearTimeout(timer);
      resolve({ kind: 'error' });
    });
    req.end(next.body);
  });
}
