import type { ContenderId } from '../contenders.js';
import type { Sample } from '../measure.js';
import { median, roundPairs } from './summary.js';

/** Issue 18: the limits and the revocation checks keep this much of the throughput without them. */
export const DEFENCE_TARGET = 0.95;

export interface DefenceRatio {
  name: string;
  /** Median over rounds of (with ÷ without) throughput, each round's pair measured back to back. */
  throughput: number;
  /** The same for server CPU per request (without ÷ with: above 1 is cheaper). */
  cpu: number | null;
  rounds: number;
  met: boolean;
}

const PAIRS: { name: string; with: ContenderId; without: ContenderId }[] = [
  { name: 'profile.me, rate limits on ÷ off', with: 'ours-1', without: 'ours-1-nolimits' },
  {
    name: 'profile.me, limits on + 36,000 revocations ÷ limits off',
    with: 'ours-1-revocations',
    without: 'ours-1-nolimits',
  },
  { name: 'profile.me, 36,000 revocations ÷ none (limits on both)', with: 'ours-1-revocations', without: 'ours-1' },
];

/** The ratios of the pairs that both ran, per round first (same machine state), then the median. */
export function defenceRatios(samples: readonly Sample[]): DefenceRatio[] {
  return PAIRS.flatMap((pair) => {
    const both = roundPairs(samples, pair.with, pair.without);
    if (both.length === 0) return [];
    const throughput = median(both.map(([w, wo]) => w.requestsPerSecond / wo.requestsPerSecond));
    const cpuPairs = both.filter(([w, wo]) => w.cpuMicrosPerRequest !== null && wo.cpuMicrosPerRequest !== null);
    const cpu =
      cpuPairs.length === 0
        ? null
        : median(cpuPairs.map(([w, wo]) => wo.cpuMicrosPerRequest! / w.cpuMicrosPerRequest!));
    return [{ name: pair.name, throughput, cpu, rounds: both.length, met: throughput >= DEFENCE_TARGET }];
  });
}

export function formatDefenceRatios(ratios: readonly DefenceRatio[]): string {
  if (ratios.length === 0) return 'not run';
  return `target ≥ ${DEFENCE_TARGET}× throughput):\n${ratios
    .map(
      (r) =>
        `${r.met ? 'met   ' : 'MISSED'}  ${r.name}: ${r.throughput.toFixed(3)}× throughput` +
        `${r.cpu === null ? '' : `, ${r.cpu.toFixed(3)}× CPU/request`} (median of ${r.rounds} round(s))`,
    )
    .join('\n')}`;
}
