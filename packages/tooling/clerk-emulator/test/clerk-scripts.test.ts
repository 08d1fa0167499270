import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { clerkJSScriptUrl, clerkUIScriptUrl } from '@clerk/shared/loadClerkJsScript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClerkEmulator } from '../src/index.js';
import { startSeeded } from './helpers.js';

const require = createRequire(import.meta.url);

describe('self-hosted clerk-js and @clerk/ui bundles', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    emulator = await startSeeded();
  });
  afterAll(() => emulator?.close());
  // The app proxies /__clerk/* to the emulator with the prefix stripped.
  const fetchProxied = (sdkUrl: string, init?: RequestInit) =>
    fetch(emulator.url + sdkUrl.replace(/^\/__clerk/, ''), init);

  it('serves the installed bundles, byte for byte, at the URLs @clerk/shared computes for a relative proxy URL', async () => {
    const opts = { publishableKey: emulator.publishableKey, proxyUrl: '/__clerk' };
    const js = clerkJSScriptUrl(opts);
    const ui = clerkUIScriptUrl(opts);
    expect(js).toBe('/__clerk/npm/@clerk/clerk-js@6/dist/clerk.browser.js');
    expect(ui).toBe('/__clerk/npm/@clerk/ui@1/dist/ui.browser.js');
    const jsResponse = await fetchProxied(js);
    expect(jsResponse.status).toBe(200);
    expect(jsResponse.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    const installed = await readFile(join(dirname(require.resolve('@clerk/clerk-js')), 'clerk.browser.js'));
    expect(Buffer.from(await jsResponse.arrayBuffer()).equals(installed)).toBe(true);
    expect((await fetchProxied(ui)).headers.get('x-clerk-emulator-package')).toBe('@clerk/ui@1.36.0');
    // Pinned exact versions (NEXT_PUBLIC_CLERK_JS_VERSION / _UI_VERSION) work too.
    expect((await fetchProxied(clerkJSScriptUrl({ ...opts, __internal_clerkJSVersion: '6.34.1' }))).status).toBe(200);
    expect((await fetchProxied(clerkUIScriptUrl({ ...opts, __internal_clerkUIVersion: '1.36.0' }))).status).toBe(200);
    expect((await fetchProxied(js, { method: 'HEAD' })).status).toBe(200);
  });

  it('answers 404 for versions, packages and files it does not have, and records each', async () => {
    const missingBefore = emulator.scripts.missing.length;
    const paths = [
      '/npm/@clerk/ui@1.41.0/dist/ui.browser.js',
      '/npm/@clerk/clerk-js@5/dist/clerk.browser.js',
      '/npm/@clerk/clerk-js@6/dist/nope.js',
      '/npm/@clerk/clerk-js@6/dist/..%2Fpackage.json',
      '/npm/@clerk/clerk-js@6/dist/types/index.d.ts',
      '/npm/@clerk/backend@3/dist/index.js',
      '/npm/@clerk/clerk-js@6/package.json',
    ];
    for (const path of paths) {
      const response = await fetch(emulator.url + path);
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe(
        'resource_not_found',
      );
    }
    expect(emulator.scripts.missing.slice(missingBefore).map((m) => m.path)).toHaveLength(paths.length);
    expect(
      (await fetch(emulator.url + '/npm/@clerk/clerk-js@6/dist/clerk.browser.js', { method: 'POST' })).status,
    ).toBe(405);
  });
});
