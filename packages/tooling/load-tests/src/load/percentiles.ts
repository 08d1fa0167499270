import { percentile } from '@stack/test-kit';

/** Latency samples in milliseconds; percentiles by sorting once at the end (runs are bounded). */
export class Latencies {
  private values: number[] = [];
  private sorted = true;

  add(ms: number): void {
    this.values.push(ms);
    this.sorted = false;
  }

  /** A copy of the samples, in no particular order (to send them elsewhere). */
  samples(): number[] {
    return [...this.values];
  }

  get count(): number {
    return this.values.length;
  }

  /** NaN while there are no samples (see `percentile`): no latency bound passes on no data. */
  percentile(p: number): number {
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    return percentile(this.values, p);
  }
}
