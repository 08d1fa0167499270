/** One step of `pnpm test`: a command, and the steps whose success it needs first. */
export interface Phase {
  name: string;
  command: string;
  /** What it checks, for the timing table. */
  what: string;
  /** Phases that must have passed before it starts. */
  needs: readonly string[];
  /** Phases that must have finished (passed or not) before it starts: the load tests run alone. */
  after?: readonly string[];
  /** Its output is streamed as it comes; the others' is printed in one piece when they end. */
  stream?: boolean;
}

export const REPORTS_DIR = 'node_modules/.vitest';
const vitest = (tier: string, projects: string[]) =>
  `vitest run --config vitest.workspace.ts ${projects.map((p) => `--project '${p}'`).join(' ')} ` +
  `--outputFile.json=${REPORTS_DIR}/${tier}.json`;

/**
 * Two lanes side by side, then the load tests alone. A failure fails the run but stops only what
 * needs it (the tests need the build): every other check still reports. On 2 cores this pays because the lanes wait
 * on different things: the static checks are CPU-bound, the unit tier is short, and the tests
 * after the build mostly wait on servers, sockets and Chromium (numbers in the README).
 *   static: format → knip → lint
 *   main:   unit → build (tsc -b: every program type-checked once, then next build) → integration + e2e
 *   then:   load (CI profile)
 */
export const PHASES: readonly Phase[] = [
  { name: 'format', what: 'prettier --check', command: 'prettier --check .', needs: [] },
  { name: 'knip', what: 'unused files, exports, dependencies', command: 'knip', needs: [], after: ['format'] },
  { name: 'lint', what: 'eslint, type-aware', command: 'eslint --max-warnings 0 .', needs: [], after: ['knip'] },
  { name: 'unit', what: 'unit tier', command: vitest('unit', ['unit:*']), needs: [], stream: true },
  {
    name: 'build',
    what: 'tsc -b, next build (emulator key)',
    command: 'pnpm -s build:emulator',
    needs: [],
    after: ['unit'],
    stream: true,
  },
  {
    name: 'tests',
    what: 'integration + e2e tiers',
    command: vitest('tests', ['integration:*', 'e2e:*']),
    needs: ['build'],
    stream: true,
  },
  {
    name: 'load',
    what: 'load tests, CI profile',
    command: 'pnpm --filter @stack/load-tests load',
    needs: ['build'],
    after: ['lint', 'tests'],
    stream: true,
  },
];
