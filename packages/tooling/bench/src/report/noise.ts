import type { Sample } from '../measure.js';
import { median, roundPairs } from './summary.js';

/**
 * What two identical servers (`ours-1-twin` ÷ `ours-1`) measure apart in this run, per round and
 * as the median: a ratio between other contenders that lies within this spread of 1 is not a
 * difference the run can show. Null when the twin did not run.
 */
export function formatNoise(samples: readonly Sample[]): string | null {
  const ratios = roundPairs(samples, 'ours-1-twin', 'ours-1').map(
    ([twin, ours]) => twin.requestsPerSecond / ours.requestsPerSecond,
  );
  if (ratios.length === 0) return null;
  const spread = ratios.map((r) => `${r.toFixed(2)}×`).join(', ');
  return `Noise: ours-1-twin ÷ ours-1 (identical servers) ${median(ratios).toFixed(2)}× median; per round ${spread}`;
}
