import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// The test projects. `pnpm test` runs them all: `vitest run --config vitest.workspace.ts`.
const project = (name: string, root: string, extra: { testTimeout?: number } = {}) => ({
  extends: true as const,
  test: { name, root, include: ['test/**/*.test.ts'], ...extra },
});

export default defineConfig({
  // SWC, not Oxc: NestJS needs the decorator metadata that only SWC/tsc emit.
  plugins: [swc.vite({ jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } } })],
  resolve: { conditions: ['@stack/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@stack/source', 'node', 'import', 'default'] } },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      project('api', 'packages/api'),
      project('clerk-emulator', 'packages/clerk-emulator'),
      project('clerk-auth', 'packages/clerk-auth'),
      project('nest-trpc', 'packages/nest-trpc'),
      project('server', 'apps/server'),
    ],
  },
});
