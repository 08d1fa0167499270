// The harness's pure parts, for tests; `pnpm bench` runs src/cli.ts.
export { median, ratio, summarize, type ContenderSummary } from './report/summary.js';
export { formatTable } from './report/table.js';
export { checkTargets, formatTargets, type TargetCheck } from './report/targets.js';
export { parseBenchOptions } from './bench-options.js';
export { parseVmHwm } from './process/peak-rss.js';
export { parseCpuTimeMs } from './process/cpu-time.js';
export { inclusiveShares, packageOf, summarizeProfile, type CpuProfile } from './profile/cpu-profile.js';
export { CONTENDER_IDS, type ContenderId } from './contenders.js';
export type { Sample } from './measure.js';
export { appStaticPath, extractScriptRefs, type ScriptRef } from './web/script-urls.js';
export { checkWebBudget, formatWebChecks, parseWebBudget, type WebBudget, type WebCheck } from './web/web-budget.js';
export { percentile } from './web/render-timing.js';
