import { percentile } from '@stack/test-kit';

/** Latency samples in milliseconds; percentiles by sorting once at the end (runs are bounded). */
export class Latencies {
  private samples: number[] = [];
  private sorted = true;

  add(ms: number): void {
    this.samples.push(ms);
    this.sorted = false;
  }

  get count(): number {
    return this.samples.length;
  }

  /** NaN while there are no samples (see `percentile`): no latency bound passes on no data. */
  percentile(p: number): number {
    if (!this.sorted) {
      this.samples.sort((a, b) => a - b);
      this.sorted = true;
    }
    return percentile(this.samples, p);
  }
}
