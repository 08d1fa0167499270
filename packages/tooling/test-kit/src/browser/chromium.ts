import { existsSync } from 'node:fs';

import { type Browser, type BrowserContext, chromium } from 'playwright-core';

import { closeWithin } from './close-within.js';

/** The Chromium the browser tests drive: `CHROMIUM_PATH`, else Debian's (CI installs it with apt). */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['CHROMIUM_PATH'] || '/usr/bin/chromium';
}

/**
 * One headless Chromium (for a whole test file: contexts are cheap, browser starts are not); never
 * a downloaded browser. Background networking off: these machines have no network.
 */
export async function launchChromium(): Promise<Browser> {
  // Set by vitest.workspace.ts: browser tests run in the e2e tier, after the build, with their own workers.
  const tier = process.env['STACK_TEST_TIER'];
  if (tier !== undefined && tier !== 'e2e')
    throw new Error(`Chromium in the ${tier} tier: browser tests belong in e2e/ or test/browser/ (the e2e tier)`);
  const executablePath = chromiumPath();
  if (!existsSync(executablePath))
    throw new Error(
      `Chromium not found at ${executablePath}: install it (apt-get install chromium; on macOS, Google Chrome ` +
        'or Chromium) and set CHROMIUM_PATH to its executable',
    );
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Closes a context's pages first, then the context. Disposing a context whose page is still busy
 * (clerk-js mid-navigation after a sign-out) sometimes got no answer from Chromium: a 30 s hang in
 * CI's teardown. Page by page it hung far less often, but once more in CI; so each step is also
 * bounded, and a context Chromium will not dispose of is left to `closeBrowser`.
 */
export async function closeContext(context: BrowserContext | undefined): Promise<void> {
  if (!context) return;
  for (const page of context.pages())
    await closeWithin(`page ${page.url()}`, () => page.close({ runBeforeUnload: false }));
  await closeWithin('browser context', () => context.close());
}

/** Closes the browser, bounded like `closeContext` (Playwright kills its process at exit if need be). */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (browser) await closeWithin('browser', () => browser.close(), 10_000);
}
