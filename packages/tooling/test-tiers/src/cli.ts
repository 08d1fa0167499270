// `pnpm test`: every tier CI runs (see phases.ts), a timing table, and one summary line.
import { rm } from 'node:fs/promises';

import { failedTests, failureArtifacts } from './failures.js';
import { type Phase, PHASES, REPORTS_DIR } from './phases.js';
import { formatTimings, testCountLine } from './report.js';
import { type PhaseResult, runPhase, stopPhasesOnSignal } from './run-phase.js';

const startOfRun = performance.now();
const startedAt = Date.now();
const results = new Map<string, PhaseResult>();
const skipped: Phase[] = [];
stopPhasesOnSignal();
await rm(REPORTS_DIR, { recursive: true, force: true });

/** Starts every phase once what it waits for has finished; a phase whose needs failed is skipped. */
async function runAll(): Promise<void> {
  const started = new Map<string, Promise<void>>();
  const start = (phase: Phase): Promise<void> => {
    const existing = started.get(phase.name);
    if (existing) return existing;
    const run = (async () => {
      const waitFor = [...phase.needs, ...(phase.after ?? [])];
      await Promise.all(waitFor.map((name) => start(PHASES.find((p) => p.name === name)!)));
      if (phase.needs.some((name) => !results.get(name)?.ok)) return void skipped.push(phase);
      const result = await runPhase(phase, startOfRun);
      results.set(phase.name, result);
      const verdict = `${result.ok ? 'passed' : 'FAILED'} in ${(result.wallMs / 1000).toFixed(0)} s`;
      if (!phase.stream) console.log(`\n[test] ${phase.name} ${verdict}:\n${result.output.trimEnd()}`);
      else console.log(`\n[test] ${phase.name} ${verdict}`);
    })();
    started.set(phase.name, run);
    return run;
  };
  await Promise.all(PHASES.map(start));
}

await runAll();
const wallMs = performance.now() - startOfRun;
const ordered = PHASES.flatMap((p) => results.get(p.name) ?? []);
console.log(`\n${formatTimings(ordered, startOfRun, wallMs)}`);
if (skipped.length > 0) console.log(`skipped (an earlier phase failed): ${skipped.map((p) => p.name).join(', ')}`);
const reports = [`${REPORTS_DIR}/unit.json`, `${REPORTS_DIR}/tests.json`];
const failures = failedTests(reports, process.cwd());
if (failures.length > 0) console.log(`\nfailed tests:\n${failures.map((l) => `  ${l}`).join('\n')}`);
const artifacts = failureArtifacts(process.cwd(), startedAt);
if (artifacts.length > 0) console.log(`\nwhat they recorded:\n${artifacts.map((l) => `  ${l}`).join('\n')}`);
console.log(testCountLine(reports));
process.exitCode = ordered.every((r) => r.ok) && skipped.length === 0 ? 0 : 1;
