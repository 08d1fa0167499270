import type { ContenderId } from '../contenders.js';
import type { Sample } from '../measure.js';

/** One contender's medians over rounds, with ratios to the floor. */
export interface ContenderSummary {
  contender: ContenderId;
  label: string;
  rounds: number;
  requestsPerSecond: number;
  /** Median throughput ÷ the floor's median throughput. */
  throughputVsFloor: number | null;
  p50: number;
  p99: number;
  /** Median p99 ÷ the floor's median p99. */
  p99VsFloor: number | null;
  /** Summed over rounds: any error is worth seeing. */
  errors: number;
  backendCallsPerRequest: number;
  jwksFetchesAfterWarmup: number;
  peakRssBytes: number | null;
  cpuMicrosPerRequest: number | null;
  coldStartMs: number;
}

/** Each round in which both `a` and `b` ran, as their two samples (measured in the same machine state). */
export function roundPairs(samples: readonly Sample[], a: ContenderId, b: ContenderId): [Sample, Sample][] {
  const at = (id: ContenderId, round: number) => samples.find((s) => s.contender === id && s.round === round);
  return [...new Set(samples.map((s) => s.round))].flatMap((round) => {
    const [first, second] = [at(a, round), at(b, round)];
    return first && second ? [[first, second] as [Sample, Sample]] : [];
  });
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function ratio(value: number, floor: number | undefined): number | null {
  return floor === undefined || floor === 0 ? null : value / floor;
}

/** Groups samples by contender (in `order`) and takes medians; ratios need a `floor` contender. */
export function summarize(
  samples: readonly Sample[],
  order: readonly { id: ContenderId; label: string }[],
): ContenderSummary[] {
  const base = order
    .map(({ id, label }) => ({ id, label, runs: samples.filter((s) => s.contender === id) }))
    .filter((g) => g.runs.length > 0)
    .map(({ id, label, runs }) => {
      const rss = runs.map((r) => r.peakRssBytes).filter((v): v is number => v !== null);
      const cpu = runs.map((r) => r.cpuMicrosPerRequest).filter((v): v is number => v !== null);
      const sent = runs.reduce((sum, r) => sum + r.sent, 0);
      return {
        contender: id,
        label,
        rounds: runs.length,
        requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        errors: runs.reduce((sum, r) => sum + r.errors, 0),
        backendCallsPerRequest: sent === 0 ? 0 : runs.reduce((sum, r) => sum + r.backendApiCalls, 0) / sent,
        jwksFetchesAfterWarmup: runs.reduce((sum, r) => sum + r.jwksFetches, 0),
        peakRssBytes: rss.length > 0 ? Math.max(...rss) : null,
        cpuMicrosPerRequest: cpu.length > 0 ? median(cpu) : null,
        coldStartMs: median(runs.map((r) => r.coldStartMs)),
      };
    });
  const floor = base.find((s) => s.contender === 'floor');
  return base.map((s) => ({
    ...s,
    throughputVsFloor: ratio(s.requestsPerSecond, floor?.requestsPerSecond),
    p99VsFloor: ratio(s.p99, floor?.p99),
  }));
}
