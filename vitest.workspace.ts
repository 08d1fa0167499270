import swc from 'unplugin-swc';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// The test projects. `pnpm test` runs them all: `vitest run --config vitest.workspace.ts`.
const project = (
  name: string,
  root: string,
  extra: { testTimeout?: number; environment?: string; include?: string[]; globalSetup?: string[] } = {},
) => ({
  extends: true as const,
  test: { name, root, include: ['test/**/*.test.ts'], ...extra },
});

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
  ssr: {
    resolve: { conditions: ['@stack/source', ...defaultServerConditions.filter((c) => c !== 'module')] },
  },
  test: {
    environment: 'node',
    // The JSON report feeds the plain "N passed, N failed" line that .ci/run prints.
    reporters: ['default', ['json', { outputFile: 'node_modules/.vitest/results.json' }]],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      project('api', 'packages/api'),
      // One throwaway PostgreSQL per run, with a migrated template each test file copies.
      project('db', 'packages/db', { globalSetup: ['test/global-setup.ts'], testTimeout: 60_000 }),
      project('clerk-emulator', 'packages/tooling/clerk-emulator'),
      project('clerk-auth', 'packages/clerk-auth'),
      project('nest-trpc', 'packages/nest-trpc'),
      project('server', 'apps/server'),
      project('bench', 'packages/tooling/bench'),
      project('test-harness', 'packages/tooling/test-harness'),
      project('web', 'apps/web', { environment: 'jsdom', include: ['test/**/*.test.{ts,tsx}'] }),
      project('web-e2e', 'apps/web', { include: ['e2e/**/*.test.ts'], testTimeout: 90_000 }),
    ],
  },
});
