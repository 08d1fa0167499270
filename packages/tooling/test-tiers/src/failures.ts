import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface VitestFileResult {
  name: string;
  status: string;
  message: string;
  assertionResults: { status: string; ancestorTitles: string[]; title: string; failureMessages: string[] }[];
}

/** A failure message without its stack: what happened and the call log, the first few lines. */
const headOf = (message: string, lines: number) =>
  message
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^\s+at /.test(line))
    .slice(0, lines);

/**
 * The failed tests of the Vitest runs (a file whose hooks failed counts as one), a few lines each.
 * CI keeps only the end of the log: printed last, a failure is named even when the log is cut.
 */
export function failedTests(files: readonly string[], root: string): string[] {
  const out: string[] = [];
  for (const file of files) {
    let results: VitestFileResult[];
    try {
      results = (JSON.parse(readFileSync(file, 'utf8')) as { testResults: VitestFileResult[] }).testResults;
    } catch {
      continue; // that tier did not run
    }
    for (const result of results) {
      const where = path.relative(root, result.name);
      const failed = result.assertionResults.filter((a) => a.status === 'failed');
      for (const test of failed) {
        const name = [...test.ancestorTitles, test.title].join(' > ');
        out.push(`${where} > ${name}`, ...headOf(test.failureMessages[0] ?? '', 4).map((l) => `    ${l}`));
      }
      if (failed.length === 0 && result.status === 'failed') {
        out.push(`${where} (the file itself)`, ...headOf(result.message, 4).map((l) => `    ${l}`));
      }
    }
  }
  return out;
}

const TIMESTAMPED = /^\d{4}-\d\d-\d\dT/;

/**
 * What failed tests wrote about themselves during this run: `FAILED-*.txt` under a package's
 * `test-results/` (the browser tests' failure recorder: the page's URL, waiting and failed requests,
 * console): each one's opening lines and the last `lines` of its timeline, so CI's log shows what
 * a browser was stuck on.
 */
export function failureArtifacts(root: string, since: number, lines = 40): string[] {
  const out: string[] = [];
  const packages = ['apps', 'packages', 'packages/tooling'].flatMap((dir) => {
    try {
      return readdirSync(path.join(root, dir)).map((name) => path.join(root, dir, name));
    } catch {
      return [];
    }
  });
  for (const pkg of packages) {
    const results = path.join(pkg, 'test-results');
    let found: string[];
    try {
      found = readdirSync(results, { recursive: true, encoding: 'utf8' });
    } catch {
      continue;
    }
    for (const relative of found.filter((f) => /(^|\/)FAILED-[^/]*\.txt$/.test(f)).sort()) {
      const file = path.join(results, relative);
      if (statSync(file).mtimeMs < since) continue; // an earlier run's
      // What the test says of the moment it failed first (lines without a time stamp), then the
      // last of its timeline.
      const text = readFileSync(file, 'utf8').trimEnd().split('\n');
      const timeline = text.filter((l) => TIMESTAMPED.test(l));
      const head = text.filter((l) => !TIMESTAMPED.test(l)).slice(0, lines);
      const cut = timeline.length > lines ? [`… ${timeline.length - lines} earlier lines`] : [];
      out.push(`${path.relative(root, file)}:`, ...[...head, ...cut, ...timeline.slice(-lines)].map((l) => `    ${l}`));
    }
  }
  return out;
}
