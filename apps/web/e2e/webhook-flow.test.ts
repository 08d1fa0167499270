import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { DEV_PASSWORDS, type FullStack } from '@stack/test-harness';
import { step } from '@stack/test-kit';
import { closeBrowser, closeContext, launchChromium } from '@stack/test-kit/browser';

import { failureRecorder, screenshotter, signInWithPassword } from './support/browser.js';
import { startE2EStack } from './support/stack.js';

const ADA = { email: 'ada@example.com', password: DEV_PASSWORDS['ada@example.com'] };

/**
 * A name changed in Clerk's own UI (UserButton → Manage account → <UserProfile/>) reaches the
 * app's database through the emulator's webhook: /profile and the author line of Ada's notes
 * show it, read from the mirror, with no call from the app to Clerk's Backend API in between.
 */
describe('Clerk webhooks reach the web app (built apps, emulator, Chromium)', () => {
  let stack: FullStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shot: (name: string) => Promise<unknown>;
  let recordFailure: (test: string) => Promise<void>;

  beforeAll(async () => {
    stack = await startE2EStack();
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
    shot = screenshotter(page);
    recordFailure = failureRecorder(page);
  });
  beforeEach(({ task, onTestFailed }) => onTestFailed(() => recordFailure(task.name)));
  afterAll(async () => {
    await closeContext(context);
    await closeBrowser(browser);
    await stack?.stop();
  });

  const note = (title: string) => page.getByRole('article', { name: `Note: ${title}`, exact: true });

  // One journey: the note written in the first step is what the second looks at.
  it('Ada writes a note, renames herself in Clerk’s <UserProfile/>, and the app shows the new name from its mirror', async () => {
    await step('signs in as Ada and writes an acme note under her current name', async () => {
      await signInWithPassword(page, stack.webUrl, ADA);
      await page.goto(`${stack.webUrl}/notes`);
      const form = page.getByRole('form', { name: 'New note' });
      await form.getByLabel('Title').fill('Signed by Ada');
      await form.getByRole('button', { name: 'Add note' }).click();
      await expect.poll(() => note('Signed by Ada').textContent()).toContain('Ada Lovelace');
    });

    await step(
      'renames her in Clerk’s <UserProfile/>; /profile and her note show the new name after the webhook',
      async () => {
        await page.goto(`${stack.webUrl}/profile`);
        await page.locator('.cl-userButtonTrigger').click();
        await page.getByRole('button', { name: 'Manage account' }).click();
        // Inside Clerk's modal: the page's own profile form has a first name and a Save button too.
        const clerkProfile = page.locator('.cl-modalContent');
        await clerkProfile.getByRole('button', { name: 'Update profile' }).click();
        await clerkProfile.locator('input[name=firstName]').fill('Augusta');
        await clerkProfile.getByRole('button', { name: 'Save' }).click();
        await expect.poll(() => stack.emulator.users.findByEmail(ADA.email)?.firstName).toBe('Augusta');
        await page.keyboard.press('Escape');

        await stack.emulator.webhooks.settled();
        const updates = stack.emulator.webhooks.log().filter((r) => r.type === 'user.updated');
        expect(updates.length).toBeGreaterThan(0);
        expect(updates.every((r) => r.state === 'delivered')).toBe(true);

        const userReadsBefore = stack.emulator.stats.count('getUser');
        await page.goto(`${stack.webUrl}/profile`);
        expect(await page.getByTestId('profile-name').textContent()).toBe('Augusta Lovelace');
        await page.goto(`${stack.webUrl}/notes`);
        await expect.poll(() => note('Signed by Ada').textContent()).toContain('Augusta Lovelace');
        await shot('renamed-through-webhook');
        // The mirror answered: nobody asked Clerk's Backend API for the new name.
        expect(stack.emulator.stats.count('getUser')).toBe(userReadsBefore);
      },
    );
  });
});
