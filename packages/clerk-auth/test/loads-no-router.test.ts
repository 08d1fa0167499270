import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const HOOKS = fileURLToPath(new URL('./support/register-record-loads.mjs', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Every module URL a fresh Node process loads while importing `specifier` (workspace packages from source). */
async function modulesLoadedBy(specifier: string, dir: string): Promise<string[]> {
  const recordFile = path.join(dir, `${specifier.replaceAll('/', '_')}.txt`);
  await run(
    process.execPath,
    ['--conditions=@stack/source', '--import', HOOKS, '--input-type=module', '-e', `await import('${specifier}');`],
    // Run from this package, so `@stack/*` resolves through its own node_modules.
    { cwd: HERE, env: { ...process.env, RECORD_LOADS_FILE: recordFile } },
  );
  return (await readFile(recordFile, 'utf8')).split('\n').filter(Boolean);
}

/** The api's router modules: its root, procedures, procedure builders and the tRPC runtime. */
const isRouterModule = (url: string) =>
  /\/packages\/api\/src\/(index|root|trpc|response-meta)\.ts$/.test(url) ||
  url.includes('/packages/api/src/router/') ||
  url.includes('/@trpc/server/');

describe('@stack/clerk-auth loads the contracts, not the router', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loads-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('importing @stack/clerk-auth loads @stack/api/contracts and none of the router', async () => {
    const loaded = await modulesLoadedBy('@stack/clerk-auth', dir);
    expect(loaded.some((url) => url.endsWith('/packages/clerk-auth/src/index.ts'))).toBe(true);
    expect(loaded.some((url) => url.endsWith('/packages/api/src/contracts/index.ts'))).toBe(true);
    expect(loaded.filter(isRouterModule)).toEqual([]);
  });

  it('importing @stack/api itself does load the router (so the check above can fail)', async () => {
    const loaded = await modulesLoadedBy('@stack/api', dir);
    expect(loaded.some((url) => url.endsWith('/packages/api/src/root.ts'))).toBe(true);
    expect(loaded.some((url) => url.includes('/packages/api/src/router/'))).toBe(true);
    expect(loaded.some((url) => url.includes('/@trpc/server/'))).toBe(true);
  });
});
