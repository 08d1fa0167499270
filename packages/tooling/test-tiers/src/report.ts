import { readFileSync } from 'node:fs';

import type { PhaseResult } from './run-phase.js';

const seconds = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(0)} s`);

/** The timing table: when each phase started, its wall and CPU time, and how it ended. */
export function formatTimings(results: readonly PhaseResult[], startOfRun: number, wallMs: number): string {
  const rows = results.map((r) => [
    r.phase.name,
    r.phase.what,
    `${((r.startedAt - startOfRun) / 1000).toFixed(0)} s`,
    seconds(r.wallMs),
    seconds(r.cpuMs),
    r.ok ? 'passed' : 'FAILED',
  ]);
  const cpu = results.every((r) => r.cpuMs !== null) ? results.reduce((sum, r) => sum + r.cpuMs!, 0) : null;
  const all = [
    ['phase', 'what', 'start', 'wall', 'cpu', 'result'],
    ...rows,
    ['total', '', '', seconds(wallMs), seconds(cpu), ''],
  ];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  return all
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

/** One plain line for CI's log reader, summed over the Vitest runs' JSON reports. */
export function testCountLine(files: readonly string[]): string {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const file of files) {
    try {
      const report = JSON.parse(readFileSync(file, 'utf8')) as VitestReport;
      totals.passed += report.numPassedTests;
      totals.failed += report.numFailedTests;
      totals.skipped += report.numPendingTests + report.numTodoTests;
    } catch {
      // That tier did not run (an earlier phase failed): nothing to count.
    }
  }
  return `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
}
