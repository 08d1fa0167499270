import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import swc from 'unplugin-swc';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// The test tiers, told apart by folder so a new test file lands in its tier by where it is put:
//   unit:<package>         test/unit/**   pure code: no build, no child process, no socket, no browser,
//                                         no database (test/unit-guard.ts fails a test that tries)
//   integration:<package>  test/**        real servers in-process on 127.0.0.1:0, the emulator, PGlite,
//                                         PostgreSQL, the built server and clusters of it
//   e2e:<package>          e2e/**, test/browser/**   Chromium against the emulator or the built apps
// `pnpm test:unit`, `pnpm test:integration` and `pnpm test:e2e` run one tier each; `pnpm test`
// runs them all (plus the static checks and the load tests). Every package in the workspace is
// found here by itself; only the exceptions below are named.

type Tier = 'unit' | 'integration' | 'e2e';
type Extra = NonNullable<TestProjectInlineConfiguration['test']>;

const TIERS: Record<Tier, { include: string[]; exclude?: string[]; holds: (file: string) => boolean }> = {
  unit: { include: ['test/unit/**/*.test.{ts,tsx}'], holds: (f) => f.startsWith('test/unit/') },
  integration: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/unit/**', 'test/browser/**'],
    holds: (f) => f.startsWith('test/') && !/^test\/(unit|browser)\//.test(f),
  },
  e2e: {
    include: ['e2e/**/*.test.ts', 'test/browser/**/*.test.ts'],
    holds: (f) => f.startsWith('e2e/') || f.startsWith('test/browser/'),
  },
};

/** What some packages' tests need beyond the defaults, per tier. */
const EXCEPTIONS: Record<string, Partial<Record<Tier | 'all', Extra>>> = {
  // The run's one PostgreSQL with a migrated template, shared by every project that asks for it
  // (packages/tooling/test-kit/src/postgres): the db tests, the server's, `pnpm dev`'s, the web app's browser tests.
  db: { integration: { globalSetup: ['test/global-setup.ts'], testTimeout: 60_000 } },
  server: { integration: { globalSetup: ['test/global-setup.ts'] } },
  // `pnpm dev` itself, built: real-Clerk mode against an emulator started apart (`next dev` compiles
  // its first page while the test waits).
  'dev-stack': { integration: { globalSetup: ['test/global-setup.ts'], testTimeout: 60_000 } },
  // React components in jsdom; the browser tests drive a real Chromium and wait on real UI, and each
  // file's beforeAll starts the built apps (the API, the web's standalone server, Chromium): on 2
  // cores busy with other files that takes longer than the default hook timeout.
  web: {
    unit: { environment: 'jsdom' },
    integration: { environment: 'jsdom', setupFiles: ['test/support/dom-setup.ts'] },
    e2e: { globalSetup: ['e2e/global-setup.ts'], testTimeout: 90_000, hookTimeout: 120_000 },
  },
};

const workspace = path.dirname(fileURLToPath(import.meta.url));
const SERVER_CONDITIONS = ['@stack/source', ...defaultServerConditions.filter((c) => c !== 'module')];
const UNIT_GUARD = path.join(workspace, 'packages/tooling/test-kit/src/tiers/unit-guard.ts');

/** A package's test files, relative to it (what the tiers' folders are checked against). */
const testFiles = (root: string): string[] =>
  ['test', 'e2e']
    .filter((dir) => existsSync(path.join(root, dir)))
    .flatMap((dir) =>
      readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => `${dir}/${f}`),
    )
    .filter((file) => /\.test\.tsx?$/.test(file) && !file.includes('node_modules'));

/** Every workspace package (the globs of pnpm-workspace.yaml), by folder. */
const packages = ['apps', 'packages', 'packages/tooling']
  .flatMap((dir) => readdirSync(path.join(workspace, dir)).map((name) => path.join(workspace, dir, name)))
  .filter((root) => existsSync(path.join(root, 'package.json')));

// One project per package and tier that has test files.
const projects = packages.flatMap((root) =>
  (Object.keys(TIERS) as Tier[])
    .filter((tier) => testFiles(root).some(TIERS[tier].holds))
    .map((tier) => {
      const name = path.basename(root);
      return {
        extends: true as const,
        test: {
          name: `${tier}:${name}`,
          root,
          include: TIERS[tier].include,
          exclude: ['**/node_modules/**', ...(TIERS[tier].exclude ?? [])],
          env: { STACK_TEST_TIER: tier },
          ...(tier === 'unit' && { setupFiles: [UNIT_GUARD] }),
          ...EXCEPTIONS[name]?.[tier],
        },
      };
    }),
);

export default defineConfig({
  // SWC, not Oxc: NestJS needs the decorator metadata that only SWC/tsc emit.
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      },
    }),
  ],
  // Workspace packages are tested from their TypeScript source (see their `exports`).
  resolve: { conditions: ['@stack/source', ...defaultClientConditions] },
  // Without the bundlers' `module` condition, which Node does not know: @opentelemetry/api's `module`
  // build has extension-less imports that only a bundler resolves, and Node loads external packages.
  ssr: { resolve: { conditions: SERVER_CONDITIONS } },
  // Vitest's own environment, where global setups run (the shared PostgreSQL's), likewise.
  environments: { __vitest__: { resolve: { conditions: SERVER_CONDITIONS } } },
  test: {
    environment: 'node',
    // The JSON report feeds the plain "N passed, N failed" line of `pnpm test` (which names a file per tier).
    reporters: ['default', 'json'],
    outputFile: { json: 'node_modules/.vitest/results.json' },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Most integration and e2e time is spent waiting on child processes, sockets and Chromium, not
    // on this machine's cores: twice as many workers as cores (measured in the README's test section).
    maxWorkers: 2 * availableParallelism(),
    projects,
  },
});
