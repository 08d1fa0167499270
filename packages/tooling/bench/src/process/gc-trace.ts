import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Garbage collection in a server process, summed from V8's `--trace-gc-nvp` lines. */
export interface GcTotals {
  /** Main-thread pause of young-generation collections (scavenges), milliseconds. */
  youngMs: number;
  /** Main-thread pause of full collections (mark-compact), milliseconds. */
  fullMs: number;
  /** Bytes scavenges promoted to the old generation: what a request kept alive across a scavenge. */
  promotedBytes: number;
}

const FIELD = /\b(pause|gc|promoted)=(\S+)/g;

/**
 * Reads a server's stdout as it arrives: sums the GC lines V8 prints with `--trace-gc-nvp` and
 * passes every other line on (so the server's own output stays readable).
 */
export class GcTrace {
  private readonly totals: GcTotals = { youngMs: 0, fullMs: 0, promotedBytes: 0 };
  private partial = '';

  /** Takes a chunk of output; returns what is not GC trace. */
  feed(chunk: string): string {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    const rest: string[] = [];
    for (const line of lines) if (!this.add(line)) rest.push(line);
    return rest.length === 0 ? '' : `${rest.join('\n')}\n`;
  }

  snapshot(): GcTotals {
    return { ...this.totals };
  }

  private add(line: string): boolean {
    if (!line.includes(' gc=')) return false;
    const fields = new Map<string, string>();
    for (const [, name, value] of line.matchAll(FIELD)) fields.set(name!, value!);
    const pause = Number(fields.get('pause') ?? 0);
    if (fields.get('gc') === 's') {
      this.totals.youngMs += pause;
      this.totals.promotedBytes += Number(fields.get('promoted') ?? 0);
    } else this.totals.fullMs += pause;
    return true;
  }
}

/** A window's GC per request: pauses in µs, promotion in KB (null without a trace or requests). */
export function gcPerRequest(before: GcTotals | null, after: GcTotals | null, requests: number) {
  if (!before || !after || requests === 0) return null;
  return {
    youngMicros: ((after.youngMs - before.youngMs) * 1000) / requests,
    fullMicros: ((after.fullMs - before.fullMs) * 1000) / requests,
    promotedKb: (after.promotedBytes - before.promotedBytes) / 1024 / requests,
  };
}

/**
 * A server's stdout written to a file (no pipe: a reader would compete with the load generator
 * on its core), read for GC lines only when asked, from where the last read stopped.
 */
export class GcTraceFile {
  private readonly trace = new GcTrace();
  private offset = 0;

  constructor(private readonly path: string) {}

  totals(): GcTotals {
    const fd = openSync(this.path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > this.offset) {
        const chunk = Buffer.alloc(size - this.offset);
        readSync(fd, chunk, 0, chunk.length, this.offset);
        this.offset = size;
        this.trace.feed(chunk.toString('utf8'));
      }
    } finally {
      closeSync(fd);
    }
    return this.trace.snapshot();
  }
}
