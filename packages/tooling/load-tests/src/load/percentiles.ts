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

  percentile(p: number): number {
    if (this.samples.length === 0) return 0;
    if (!this.sorted) {
      this.samples.sort((a, b) => a - b);
      this.sorted = true;
    }
    const index = Math.min(this.samples.length - 1, Math.ceil((p / 100) * this.samples.length) - 1);
    return this.samples[Math.max(0, index)]!;
  }
}
