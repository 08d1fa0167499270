import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEV_PASSWORDS, type FullStack } from '@stack/test-harness';
import { closeBrowser, launchChromium } from '@stack/test-kit/browser';

import { screenshotter, signInWithPassword } from './support/browser.js';
import { setActiveOrganization } from './support/clerk-session.js';
import { startE2EStack } from './support/stack.js';

/**
 * Live notes between people (built apps, Chromium): Ada and Grace, both admins of acme, see each
 * other's creates, edits and deletes without a reload, and an edit in progress learns of a save
 * elsewhere before it is saved; Alan, in another organization, sees none of it.
 */
describe('live notes across people and organizations (built apps, Chromium)', () => {
  let stack: FullStack;
  let browser: Browser;
  const pages: Record<'ada' | 'grace' | 'alan', Page> = {} as never;
  const streams: Request[] = [];
  let shot: (name: string) => Promise<unknown>;

  const note = (page: Page, title: string) => page.getByRole('article', { name: `Note: ${title}`, exact: true });
  const titles = (page: Page) => page.getByTestId('note').getByRole('heading').allTextContents();
  const untilLive = (page: Page) => page.locator('[data-testid="live-status"][data-state="live"]').waitFor();

  async function open(who: keyof typeof pages, email: keyof typeof DEV_PASSWORDS, organization: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithPassword(page, stack.webUrl, { email, password: DEV_PASSWORDS[email] }, '/notes');
    await setActiveOrganization(page, organization);
    pages[who] = page;
    return page;
  }

  beforeAll(async () => {
    stack = await startE2EStack();
    const { emulator } = stack;
    const id = (email: string) => emulator.users.findByEmail(email)!.id;
    // Two writers in acme (the seed has Grace as a member there), and Alan in an organization of his own.
    emulator.organizations.updateMembership('org_acme', id('grace@example.com'), { role: 'org:admin' });
    emulator.organizations.create({
      id: 'org_initech',
      name: 'Initech',
      slug: 'initech',
      createdBy: id('alan@example.com'),
    });
    browser = await launchChromium();
    const ada = await open('ada', 'ada@example.com', 'org_acme');
    ada.on('request', (req) => {
      if (req.url().includes('/trpc/note.changes')) streams.push(req);
    });
    await open('grace', 'grace@example.com', 'org_acme');
    const alan = await open('alan', 'alan@example.com', 'org_initech');
    // Everything Alan's page ever paints.
    await alan.evaluate(() => {
      const w = window as unknown as { __painted: Set<string> };
      w.__painted = new Set();
      new MutationObserver(() => {
        for (const h of document.querySelectorAll('[data-testid="note"] h2')) w.__painted.add(h.textContent ?? '');
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    shot = screenshotter(ada);
  }, 180_000);

  afterAll(async () => {
    await closeBrowser(browser);
    await stack?.stop();
  });

  it('every page is live in its own organization', async () => {
    await pages.ada.reload();
    for (const page of Object.values(pages)) await untilLive(page);
    expect(await pages.ada.getByRole('heading', { level: 1 }).textContent()).toBe('Notes of Acme Inc');
    expect(await pages.alan.getByRole('heading', { level: 1 }).textContent()).toBe('Notes of Initech');
    // The token travels in a header on every connect, never in the URL.
    const stream = streams.at(-1)!;
    expect(await stream.headerValue('authorization')).toMatch(/^Bearer ey/);
    expect(stream.url()).not.toMatch(/token|connectionParams|__session/);
  });

  it('a note Ada creates appears on Grace’s page without a reload; edits and bylines follow', async () => {
    const form = pages.ada.getByRole('form', { name: 'New note' });
    await form.getByLabel('Title').fill('Launch plan');
    await form.getByLabel('Body').fill('Tuesday');
    await form.getByRole('button', { name: 'Add note' }).click();
    await note(pages.grace, 'Launch plan').waitFor();
    expect(await note(pages.grace, 'Launch plan').getByTestId('note-byline').textContent()).toMatch(/^Ada Lovelace · /);

    const theirs = note(pages.grace, 'Launch plan');
    await theirs.getByRole('button', { name: 'Edit' }).click();
    await theirs.getByLabel('Title').fill('Launch plan, final');
    await theirs.getByRole('button', { name: 'Save' }).click();
    const onAda = note(pages.ada, 'Launch plan, final');
    await onAda.waitFor();
    expect(await onAda.getByTestId('note-byline').textContent()).toMatch(
      /edited by Grace Hopper, (now|\d+ (sec|min)\. ago)$/,
    );
    await shot('live-edited-by-grace');
  });

  it('Ada, editing, learns of Grace’s save before saving hers', async () => {
    const mine = note(pages.ada, 'Launch plan, final');
    await mine.getByRole('button', { name: 'Edit' }).click();
    await mine.getByLabel('Body').fill('Tuesday at 10');
    const theirs = note(pages.grace, 'Launch plan, final');
    await theirs.getByRole('button', { name: 'Edit' }).click();
    await theirs.getByLabel('Body').fill('Wednesday');
    await theirs.getByRole('button', { name: 'Save' }).click();
    const changed = pages.ada.getByTestId('changed-elsewhere');
    await changed.waitFor();
    expect(await changed.textContent()).toContain('Wednesday');
    await shot('live-changed-elsewhere');
    await changed.getByRole('button', { name: 'Keep theirs' }).click();
    await mine.getByText('Wednesday').waitFor();
  });

  it('a note Grace deletes vanishes from Ada’s page', async () => {
    await note(pages.grace, 'Launch plan, final').getByRole('button', { name: 'Delete' }).click();
    await note(pages.ada, 'Launch plan, final').waitFor({ state: 'detached' });
    expect(await titles(pages.ada)).toEqual([]);
  });

  it('Alan, in another organization, saw none of it, and his own notes stay his', async () => {
    const form = pages.alan.getByRole('form', { name: 'New note' });
    await form.getByLabel('Title').fill('Initech memo');
    await form.getByRole('button', { name: 'Add note' }).click();
    await note(pages.alan, 'Initech memo').waitFor();
    // Changes arrive in order on each page: a later note in acme showing on Ada's page means
    // anything of Alan's would have reached it by then.
    const adaForm = pages.ada.getByRole('form', { name: 'New note' });
    await adaForm.getByLabel('Title').fill('Acme only');
    await adaForm.getByRole('button', { name: 'Add note' }).click();
    await note(pages.grace, 'Acme only').waitFor();
    expect(await titles(pages.grace)).toEqual(['Acme only']);
    expect(await titles(pages.alan)).toEqual(['Initech memo']);
    const painted = await pages.alan.evaluate(() => [...(window as unknown as { __painted: Set<string> }).__painted]);
    expect(painted).toEqual(['Initech memo']);
  });
});
