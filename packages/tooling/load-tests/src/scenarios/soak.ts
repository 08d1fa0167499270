import { writeFile } from 'node:fs/promises';

import { fire } from '../load/fire.js';
import { Rotation } from '../load/rotation.js';
import { badTokens, batch, profileMe, traffic } from '../load/traffic.js';
import type { LoadOptions } from '../options.js';
import { startLoadStack } from '../stack/load-stack.js';
import { type ServerSample, startSampler } from '../stack/sampler.js';
import { checkNoTokensLogged } from './log-check.js';
import { mb, ScenarioRecorder, type ScenarioReport, unexpected } from './scenario-report.js';

/** Bounds for a few minutes of load; see docs/reliability.md for the figures they were set from. */
const MAX_HEAP_GROWTH_MB = 16;
// RSS is not a leak detector: V8 grows its heap reservation for about the first minute of full
// load and then plateaus (~265 MB in a 5-minute soak). The heap after GC is the leak check; RSS
// gets a ceiling.
const MAX_RSS_MB = 400;
// Per-second p99 of the event-loop delay: typically it stays low; one full GC or a moment without
// a core (2 cores, load generator included) may spike a single second.
const MAX_TYPICAL_LOOP_DELAY_MS = 100;
const MAX_WORST_LOOP_DELAY_MS = 1_000;
// More distinct tokens than the verified-token cache holds (10 000): the soak runs the cache at
// its bound, evicting all the time, which is where an unbounded structure would show.
const USERS = 210;
const TOKENS_PER_USER = 50;

/**
 * The mixed traffic for `LOAD_SOAK_SECONDS`, sampling the server every second: heap right after
 * V8's own full GCs, RSS and event-loop delay. After a warm-up, the post-GC heap and the RSS may
 * grow only within small bounds, and the loop must stay responsive.
 */
export async function soak(options: LoadOptions): Promise<ScenarioReport> {
  const recorder = new ScenarioRecorder('soak');
  const stack = await startLoadStack({
    mode: 'jwks',
    users: USERS,
    tokensPerUser: TOKENS_PER_USER,
    jitWarmUpSeconds: options.jitWarmUpSeconds,
  });
  try {
    const tokens = stack.users.flatMap((u) => u.tokens);
    const valid = new Rotation(tokens);
    const forged = badTokens(tokens.slice(0, 40));
    const sampler = startSampler(stack.server);
    const result = await fire({
      url: stack.server.url,
      connections: options.connections,
      durationSeconds: options.soakSeconds,
      classes: [
        traffic('valid', 16, valid, profileMe),
        traffic('forged token', 3, new Rotation(forged), profileMe),
        traffic('batch of 2', 1, valid, batch),
      ],
    }).done;
    const samples = await sampler.stop();
    if (options.samplesFile) await writeFile(options.samplesFile, JSON.stringify(samples, null, 1));
    recorder.rows(result);
    const [ok, bad, batched] = ['valid', 'forged token', 'batch of 2'].map((name) => result.traffic.get(name)!);
    const errors = unexpected(ok, 200) + unexpected(bad, 401) + unexpected(batched, 200);
    recorder.check(
      'every answer as expected for the whole soak',
      errors === 0 && result.errors === 0 && result.timeouts === 0,
      `${errors} unexpected statuses, ${result.errors} errors, ${result.timeouts} timeouts`,
    );

    const steadyState = samples.filter((s) => s.at >= options.soakWarmUpSeconds);
    const heap = heapGrowth(steadyState);
    recorder.check(
      `heap after GC grows less than ${MAX_HEAP_GROWTH_MB} MB`,
      heap !== null && heap.growthMb < MAX_HEAP_GROWTH_MB,
      heap ? `${heap.firstMb} → ${heap.lastMb} MB over ${heap.gcs} full GCs` : 'no full GC observed',
    );
    const rss = samples.map((s) => s.rssBytes ?? 0);
    const peakRss = Math.max(0, ...rss);
    recorder.check(
      `RSS stays under ${MAX_RSS_MB} MB`,
      peakRss > 0 && peakRss < MAX_RSS_MB * 1024 * 1024,
      `peak ${mb(peakRss)} MB; ${mb(steadyState[0]?.rssBytes ?? 0)} MB after warm-up → ${mb(rss.at(-1) ?? 0)} MB at the end`,
    );
    const delays = steadyState.map((s) => s.probe.loopDelayP99Ms).sort((a, b) => a - b);
    const typical = delays[Math.floor(delays.length / 2)] ?? Number.NaN;
    const worst = delays.at(-1) ?? Number.NaN;
    recorder.check(
      `event-loop delay p99: median second under ${MAX_TYPICAL_LOOP_DELAY_MS} ms, worst under ${MAX_WORST_LOOP_DELAY_MS} ms`,
      typical < MAX_TYPICAL_LOOP_DELAY_MS && worst < MAX_WORST_LOOP_DELAY_MS,
      `median second ${typical.toFixed(1)} ms, worst ${worst.toFixed(1)} ms`,
    );
    recorder.figure('soak length', `${options.soakSeconds} s, ${tokens.length} distinct valid tokens`);
    recorder.figure(
      'heap after GC (first → last steady-state full GC)',
      heap ? `${heap.firstMb} → ${heap.lastMb} MB` : 'n/a',
    );
    recorder.serverFigures(samples);
    checkNoTokensLogged(recorder, stack.server.output(), tokens);
    return recorder.report;
  } finally {
    await stack.close();
  }
}

/** The first and last heap figures taken right after a full GC that happened within `samples`. */
function heapGrowth(
  samples: readonly ServerSample[],
): { firstMb: string; lastMb: string; growthMb: number; gcs: number } | null {
  const gcsBefore = samples[0]?.probe.majorGcs ?? 0;
  const fresh = samples.filter((s) => s.probe.heapAfterGcBytes !== null && s.probe.majorGcs > gcsBefore);
  const first = fresh[0];
  const last = fresh.at(-1);
  if (!first || !last) return null;
  const a = first.probe.heapAfterGcBytes!;
  const b = last.probe.heapAfterGcBytes!;
  return { firstMb: mb(a), lastMb: mb(b), growthMb: (b - a) / 1024 / 1024, gcs: last.probe.majorGcs - gcsBefore };
}
