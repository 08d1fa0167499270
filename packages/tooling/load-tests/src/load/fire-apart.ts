import { Worker } from 'node:worker_threads';

import type { FireOptions, FireResult, LoadRequest, TrafficStats } from './fire.js';
import { Latencies } from './percentiles.js';

/** A traffic class that sends the same request every time: what can cross to a worker thread. */
interface FixedTraffic {
  name: string;
  weight: number;
  request: LoadRequest;
}

export type FireApartOptions = Omit<FireOptions, 'classes' | 'onResponse'> & { classes: FixedTraffic[] };

/** What the worker posts back: the stats with their latency samples as a plain array. */
export interface ApartResult extends Omit<FireResult, 'traffic'> {
  traffic: (Omit<TrafficStats, 'latency' | 'statuses'> & { statuses: [number, number][]; samples: number[] })[];
}

/**
 * `fire` on a worker thread of its own: its connections, timers and latency clock run on an event
 * loop that the other firings of a scenario cannot stall. A probe that stands for "another client"
 * (the fairness scenario's second user and load balancer) then measures the server, not the load
 * generator's own loop, busy reading a flood's 4.6 MB answers in the same process.
 */
export function fireApart(options: FireApartOptions): Promise<FireResult> {
  const worker = new Worker(new URL('./fire-apart-worker.js', import.meta.url), { workerData: options });
  return new Promise<FireResult>((resolve, reject) => {
    worker.once('message', (result: ApartResult) => {
      const traffic = new Map<string, TrafficStats>();
      for (const stats of result.traffic) {
        const latency = new Latencies();
        for (const ms of stats.samples) latency.add(ms);
        traffic.set(stats.name, {
          name: stats.name,
          requests: stats.requests,
          statuses: new Map(stats.statuses),
          latency,
          missingRetryAfter: stats.missingRetryAfter,
        });
      }
      resolve({ ...result, traffic });
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the firing's worker exited (${code}) before answering`)));
  });
}
