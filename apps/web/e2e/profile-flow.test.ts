import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEV_PASSWORDS, type FullStack } from '@stack/test-harness';
import { step } from '@stack/test-kit';
import { closeBrowser, closeContext, launchChromium } from '@stack/test-kit/browser';

import { fillSignIn, screenshotter } from './support/browser.js';
import { startE2EStack } from './support/stack.js';

const ADA = { email: 'ada@example.com', password: DEV_PASSWORDS['ada@example.com'] };

describe('the web app end to end (built apps, emulator, Chromium)', () => {
  let stack: FullStack;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    stack = await startE2EStack();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeContext(context);
    await closeBrowser(browser);
    await stack?.stop();
  });

  const onSignIn = (url: URL) => url.pathname.startsWith('/sign-in');

  // One journey, one browser profile: each step starts where the one before left Ada.
  it('a visitor signs in on the way to /profile, sees it from the first HTML, edits it and signs out', async () => {
    context = await browser.newContext();
    const page: Page = await context.newPage();
    const apiRequests: Request[] = [];
    page.on('request', (req) => {
      if (req.url().startsWith(stack.apiUrl)) apiRequests.push(req);
    });
    const shot = screenshotter(page);

    await step('redirects a signed-out visitor from /profile to sign-in', async () => {
      await page.goto(`${stack.webUrl}/profile`);
      await page.waitForURL(onSignIn);
      await page.getByLabel('Email address').waitFor();
      await shot('signed-out-redirect');
      expect(apiRequests).toHaveLength(0);
    });

    await step('signs in with a seeded user through Clerk’s <SignIn/> and lands on /profile', async () => {
      await fillSignIn(page, ADA);
      await page.waitForURL((url) => url.pathname === '/profile');
      await page.getByTestId('profile-email').waitFor();
      await shot('profile');
    });

    await step(
      'shows the profile from the first HTML (server prefetch with a Bearer token), with no duplicate browser request',
      async () => {
        apiRequests.length = 0;
        const response = await page.goto(`${stack.webUrl}/profile`);
        const html = (await response?.text()) ?? '';
        expect(html).toContain(ADA.email);
        expect(await page.getByTestId('profile-email').textContent()).toBe(ADA.email);
        await page.waitForTimeout(500); // give a wrongly configured client the chance to refetch
        expect(apiRequests.filter((r) => r.url().includes('profile.me'))).toHaveLength(0);
      },
    );

    await step('updates the first name through the API with a Bearer token; it survives a reload', async () => {
      apiRequests.length = 0;
      await page.getByLabel('First name').fill('Augusta');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').waitFor();
      expect(await page.getByTestId('profile-name').textContent()).toBe('Augusta Lovelace');
      const update = apiRequests.find((r) => r.url().includes('profile.update'));
      expect(update?.method()).toBe('POST');
      expect((await update?.allHeaders())?.['authorization']).toMatch(/^Bearer ey/);
      await shot('profile-updated');

      await page.reload();
      expect(await page.getByTestId('profile-name').textContent()).toBe('Augusta Lovelace');
      expect(stack.emulator.users.findByEmail(ADA.email)?.firstName).toBe('Augusta'); // stored in Clerk, not just cached
      await shot('profile-after-reload');
    });

    await step('signs out from <UserButton/>; /profile redirects to sign-in again', async () => {
      await page.locator('.cl-userButtonTrigger').click();
      const signOut = page.getByRole('button', { name: 'Sign out' });
      await signOut.waitFor();
      await shot('user-menu');
      await signOut.click();
      await page.waitForFunction(() => !document.cookie.includes('__session='));
      await page.goto(`${stack.webUrl}/profile`);
      await page.waitForURL(onSignIn);
      await shot('signed-out-again');
    });
  });
});
