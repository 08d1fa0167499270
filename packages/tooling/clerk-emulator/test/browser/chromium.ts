import { existsSync } from 'node:fs';

import { type Browser, type BrowserContext, chromium } from 'playwright-core';

import { closeWithin } from './teardown.js';

/** Debian's Chromium (CI installs it with apt); never a downloaded browser. */
const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** One headless Chromium for a whole test file: contexts are cheap, browser starts are not. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
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
