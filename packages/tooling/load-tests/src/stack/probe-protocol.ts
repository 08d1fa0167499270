/** What the probe inside the server process reports when asked (one IPC message each way). */
export interface ProbeSample {
  /** V8 heap in use right after the most recent full (mark-sweep-compact) GC; null before the first. */
  heapAfterGcBytes: number | null;
  /** Full GCs since the process started. */
  majorGcs: number;
  heapUsedBytes: number;
  rssBytes: number;
  /** Event-loop delay since the previous sample, in milliseconds. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export const SAMPLE_REQUEST = 'load-tests:sample';
