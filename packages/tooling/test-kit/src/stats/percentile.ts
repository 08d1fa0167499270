/**
 * Nearest-rank percentile (`p` from 0 to 100) of an ascending list. With no samples there is no
 * percentile: NaN, which fails every bound it is compared with (`NaN <= x` is false) and shows as
 * NaN in a report, rather than a 0 that would pass a latency check vacuously.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}
