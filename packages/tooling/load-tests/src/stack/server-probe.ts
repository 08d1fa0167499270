// Preloaded into the built server with `node --import <this file> apps/server/dist/main.js`: it
// measures the server from inside without any change to it and without an HTTP endpoint. The
// heap is read right after each full GC V8 does on its own, so no `--expose-gc` is needed.
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

import { type ProbeSample, SAMPLE_REQUEST } from './probe-protocol.js';

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

let heapAfterGcBytes: number | null = null;
let majorGcs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if ((entry as { detail?: { kind?: number } }).detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
    majorGcs++;
    heapAfterGcBytes = process.memoryUsage().heapUsed;
  }
}).observe({ entryTypes: ['gc'] });

process.on('message', (message) => {
  if (message !== SAMPLE_REQUEST) return;
  const { heapUsed, rss } = process.memoryUsage();
  const sample: ProbeSample = {
    heapAfterGcBytes,
    majorGcs,
    heapUsedBytes: heapUsed,
    rssBytes: rss,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
  };
  loopDelay.reset();
  process.send?.(sample);
});
// The IPC channel must not keep the server alive on its own (SIGTERM still ends it normally).
process.channel?.unref();
