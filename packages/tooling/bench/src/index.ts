// The harness's pure parts, for tests; `pnpm bench` runs src/cli.ts.
export { parseBenchOptions } from './bench-options.js';
export { CONTENDER_IDS, type ContenderId } from './contenders.js';
export type { Sample } from './measure.js';
export { parseCpuTimeMs } from './process/cpu-time.js';
export { gcPerRequest, GcTrace } from './process/gc-trace.js';
export { parseVmHwm } from './process/rss.js';
export { type CpuProfile, inclusiveShares, packageOf, summarizeProfile } from './profile/cpu-profile.js';
export type { FanOut, HeldStreams, RealtimeResult } from './realtime/run-realtime-bench.js';
export { DEFENCE_TARGET, defenceRatios, formatDefenceRatios } from './report/defence-ratios.js';
export { formatNoise } from './report/noise.js';
export { checkNotesTargets, formatNotesTable, formatReferenceLines, summarizeNotes } from './report/notes-report.js';
export { checkRealtimeTargets, formatRealtimeTables } from './report/realtime-report.js';
export { type ContenderSummary, median, ratio, summarize } from './report/summary.js';
export { formatTable } from './report/table.js';
export { checkTargets, formatTargets, type TargetCheck } from './report/targets.js';
export { appStaticPath, extractScriptRefs, type ScriptRef } from './web/script-urls.js';
export { checkWebBudget, formatWebChecks, parseWebBudget, type WebBudget, type WebCheck } from './web/web-budget.js';
