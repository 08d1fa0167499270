import autocannon from 'autocannon';

import { Latencies } from './percentiles.js';

export interface LoadRequest {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One kind of traffic: its share of each connection's requests and how to build the next one. */
export interface TrafficClass {
  name: string;
  weight: number;
  next(): LoadRequest;
}

export interface ResponseEvent {
  traffic: string;
  status: number;
  retryAfter: string | undefined;
  /** performance.now() when the response arrived. */
  at: number;
}

export interface FireOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  classes: TrafficClass[];
  /** Requests per second over all connections; default: as fast as the server answers. */
  overallRate?: number;
  onResponse?: (event: ResponseEvent) => void;
}

export interface TrafficStats {
  name: string;
  requests: number;
  statuses: Map<number, number>;
  latency: Latencies;
  /** 503 answers that did not say when to come back. */
  missingRetryAfter: number;
}

export interface FireResult {
  traffic: Map<string, TrafficStats>;
  durationSeconds: number;
  requests: number;
  /** Connection errors and timeouts seen by the load generator. */
  errors: number;
  timeouts: number;
}

export interface Firing {
  done: Promise<FireResult>;
  stop(): void;
}

/**
 * autocannon as a library, with per-class statuses and latencies: every connection cycles through
 * the classes in proportion to their weights (16:3:1 gives exactly 80/15/5), and a class's latency
 * runs from building its request (right before it is written, pipelining 1) to its response.
 */
export function fire(options: FireOptions): Firing {
  const traffic = new Map(
    options.classes.map((c) => [
      c.name,
      {
        name: c.name,
        requests: 0,
        statuses: new Map(),
        latency: new Latencies(),
        missingRetryAfter: 0,
      } satisfies TrafficStats,
    ]),
  );
  const requests: autocannon.Request[] = interleave(options.classes).map((cls) => ({
    setupRequest: (request, context) => {
      const next = cls.next();
      (context as { sentAt?: number }).sentAt = performance.now();
      return {
        ...request,
        method: next.method ?? 'GET',
        path: next.path,
        headers: next.headers ?? {},
        ...(next.body === undefined ? {} : { body: next.body }),
      };
    },
    onResponse: (status, _body, context, headers) => {
      const at = performance.now();
      const stats = traffic.get(cls.name)!;
      stats.requests++;
      stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
      stats.latency.add(at - ((context as { sentAt?: number }).sentAt ?? at));
      const retryAfter = headers?.['retry-after'];
      if (status === 503 && !(Number(retryAfter) > 0)) stats.missingRetryAfter++;
      options.onResponse?.({ traffic: cls.name, status, retryAfter, at });
    },
  }));

  let instance: autocannon.Instance | undefined;
  const done = new Promise<FireResult>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        requests,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
        timeout: 10,
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        resolve({
          traffic,
          durationSeconds: result.duration,
          requests: result.requests.total,
          errors: result.errors,
          timeouts: result.timeouts,
        });
      },
    );
  });
  return { done, stop: () => instance?.stop() };
}

/** Spreads each class evenly over one cycle (weights 16, 3, 1 → a cycle of 20). */
function interleave(classes: TrafficClass[]): TrafficClass[] {
  const slots = classes.flatMap((cls) =>
    Array.from({ length: cls.weight }, (_, i) => ({ cls, at: (i + 0.5) / cls.weight })),
  );
  return slots.sort((a, b) => a.at - b.at).map((slot) => slot.cls);
}
