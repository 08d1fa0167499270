import type { FireResult, TrafficStats } from '../load/fire.js';
import type { ServerSample } from '../stack/sampler.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** One line of the summary table: one traffic class of one scenario. */
export interface Row {
  scenario: string;
  traffic: string;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  statuses: string;
}

export interface ScenarioReport {
  name: string;
  rows: Row[];
  checks: Check[];
  /** Named figures for the notes (memory, event-loop delay, recovery time...). */
  figures: [string, string][];
}

/** Collects a scenario's rows, checks and figures as it runs. */
export class ScenarioRecorder {
  readonly report: ScenarioReport;
  constructor(name: string) {
    this.report = { name, rows: [], checks: [], figures: [] };
  }

  rows(result: FireResult): void {
    for (const stats of result.traffic.values()) {
      this.report.rows.push({
        scenario: this.report.name,
        traffic: stats.name,
        requests: stats.requests,
        requestsPerSecond: stats.requests / result.durationSeconds,
        p50: stats.latency.percentile(50),
        p99: stats.latency.percentile(99),
        statuses: statusSummary(stats),
      });
    }
  }

  check(name: string, ok: boolean, detail: string): boolean {
    this.report.checks.push({ name, ok, detail });
    return ok;
  }

  figure(name: string, value: string): void {
    this.report.figures.push([name, value]);
  }

  /** Peak RSS and the worst event-loop delay seen by the sampler. */
  serverFigures(samples: readonly ServerSample[]): void {
    const rss = samples.map((s) => s.rssBytes ?? 0);
    if (rss.length > 0) this.figure('server peak RSS', `${mb(Math.max(...rss))} MB`);
    const delays = samples.map((s) => s.probe.loopDelayP99Ms);
    if (delays.length > 0)
      this.figure('server event-loop delay p99 (worst second)', `${Math.max(...delays).toFixed(1)} ms`);
  }
}

function statusSummary(stats: TrafficStats): string {
  return [...stats.statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
}

/** Requests of a class answered with anything but `expected`. */
export function unexpected(stats: TrafficStats | undefined, expected: number): number {
  if (!stats) return 0;
  let count = 0;
  for (const [status, n] of stats.statuses) if (status !== expected) count += n;
  return count;
}

export function countWhere(stats: TrafficStats | undefined, predicate: (status: number) => boolean): number {
  let count = 0;
  for (const [status, n] of stats?.statuses ?? []) if (predicate(status)) count += n;
  return count;
}

export const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** "within 2× of steady" with a floor: at a few milliseconds, scheduler noise alone doubles a p99. */
export function latencyBound(baselineP99: number, floorMs: number): number {
  return Math.max(2 * baselineP99, floorMs);
}
