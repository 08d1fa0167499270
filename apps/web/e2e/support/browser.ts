import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, headless; never a downloaded browser. Background networking off: no network here. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
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

const artifacts = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

/** Numbered screenshots of each step, kept as test artifacts (apps/web/test-results/e2e). */
export function screenshotter(page: Page) {
  mkdirSync(artifacts, { recursive: true });
  let step = 0;
  return (name: string) =>
    page.screenshot({ path: `${artifacts}${String(++step).padStart(2, '0')}-${name}.png`, fullPage: true });
}
