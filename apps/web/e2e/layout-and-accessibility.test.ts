import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEV_PASSWORDS, type FullStack } from '@stack/test-harness';
import { closeBrowser, closeContext, launchChromium } from '@stack/test-kit/browser';

import { type AxeViolation, axeViolations, isSerious } from './support/accessibility.js';
import { fillSignIn, screenshotter } from './support/browser.js';
import { layoutReport, withinViewport } from './support/layout.js';
import { startE2EStack } from './support/stack.js';

const ADA = { email: 'ada@example.com', password: DEV_PASSWORDS['ada@example.com'] };

/** A phone (light scheme) and a laptop (dark scheme): both widths, and both schemes' contrast. */
const SCREENS = [
  { name: 'phone', width: 390, height: 844, colorScheme: 'light' as const },
  { name: 'desktop', width: 1280, height: 800, colorScheme: 'dark' as const },
];

/** What each page shows once it is ready to be looked at. */
const READY: Record<string, (page: Page) => Locator> = {
  landing: (p) => p.getByRole('heading', { level: 1, name: /Shared notes/ }),
  'sign-in': (p) => p.getByLabel('Email address'),
  'sign-up': (p) => p.getByLabel('Email address'),
  'not-found': (p) => p.getByRole('heading', { level: 1, name: 'This page does not exist' }),
  home: (p) => p.getByTestId('recent-notes').or(p.getByText('No notes yet.')),
  notes: (p) => p.getByRole('form', { name: 'New note' }),
  organization: (p) => p.locator('.cl-organizationProfile-root'),
  profile: (p) => p.getByTestId('profile-email'),
};

describe('the web app on a phone (390 px) and a desktop (1280 px): every page reachable, nothing off-screen, accessible', () => {
  let stack: FullStack;
  let browser: Browser;
  const audit: { screen: string; page: string; violations: AxeViolation[] }[] = [];

  beforeAll(async () => {
    stack = await startE2EStack();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await stack?.stop();
    // The whole audit, every impact, for the record (the assertions look at serious and critical only).
    for (const { screen, page, violations } of audit)
      console.log(
        `axe ${screen.padEnd(7)} ${page.padEnd(12)} ${violations.length === 0 ? 'no violations' : violations.map((v) => `${v.impact}:${v.id}(${v.targets.length})`).join(' ')}`,
      );
  });

  for (const screen of SCREENS) {
    describe(`${screen.name}, ${screen.width} px, ${screen.colorScheme} scheme`, () => {
      let context: BrowserContext;
      let page: Page;
      let shot: (name: string) => Promise<unknown>;

      beforeAll(async () => {
        context = await browser.newContext({
          viewport: { width: screen.width, height: screen.height },
          colorScheme: screen.colorScheme,
        });
        page = await context.newPage();
        shot = screenshotter(page, `layout-${screen.width}`);
      });
      afterAll(() => closeContext(context));

      /** The page is ready: nothing sticks out sideways, no serious or critical axe violation; a screenshot. */
      async function check(name: string) {
        await READY[name]!(page).first().waitFor();
        // After a client-side navigation Next streams the new page's metadata in after its content:
        // the audit is of the settled page, so it waits for the title as it waits for the content.
        await page.waitForFunction(() => document.title.trim() !== '');
        const layout = await layoutReport(page);
        expect(layout.offscreen, `${name}: elements off-screen`).toEqual([]);
        expect(layout.documentWidth, `${name}: page wider than the screen`).toBeLessThanOrEqual(layout.viewportWidth);
        const violations = await axeViolations(page);
        audit.push({ screen: `${screen.width}`, page: name, violations });
        expect(violations.filter(isSerious), `${name}: serious or critical accessibility violations`).toEqual([]);
        await shot(name);
      }

      /** A note in the list, written through the form on this screen (the first screen writes it). */
      async function ensureANote() {
        const form = page.getByRole('form', { name: 'New note' });
        await form.waitFor();
        if ((await page.getByTestId('note').count()) > 0) return;
        await form.getByLabel('Title').fill('Welcome to stack');
        await form.getByLabel('Body').fill('Notes written here are shared with everyone in Acme Inc.');
        await form.getByRole('button', { name: 'Add note' }).click();
        await page.getByRole('article', { name: 'Note: Welcome to stack' }).waitFor();
      }

      /** The navigation this screen shows: the tab bar on a phone, the header row on a desktop. */
      const nav = () => page.getByRole('navigation', { name: 'Main', exact: true });

      it('signed out: the landing page, sign-in and sign-up from the header, a missing page', async () => {
        await page.goto(`${stack.webUrl}/`);
        await check('landing');
        await page.getByRole('banner').getByRole('button', { name: 'Sign up' }).click();
        await page.waitForURL((url) => url.pathname.startsWith('/sign-up'));
        await check('sign-up');
        await page.goto(`${stack.webUrl}/`);
        await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL((url) => url.pathname.startsWith('/sign-in'));
        await check('sign-in');
        await page.goto(`${stack.webUrl}/no-such-page`);
        await check('not-found');
      });

      it('signs in and reaches every page from the navigation, the current one marked', async () => {
        await page.goto(`${stack.webUrl}/sign-in`);
        await fillSignIn(page, ADA);
        await page.waitForURL((url) => url.pathname === '/');
        await page.locator('.cl-userButtonTrigger').waitFor();
        await check('home');
        for (const [label, name, path] of [
          ['Notes', 'notes', '/notes'],
          ['Organization', 'organization', '/organization'],
          ['Profile', 'profile', '/profile'],
          ['Home', 'home', '/'],
        ] as const) {
          await nav().getByRole('link', { name: label, exact: true }).click();
          await page.waitForURL((url) => url.pathname === path);
          expect(await nav().locator('[aria-current="page"]').textContent()).toBe(label);
          if (name === 'notes') await ensureANote();
          if (name !== 'home') await check(name);
        }
      });

      if (screen.width < 768) {
        it('fits the narrowest supported screen, 360 px, too', async () => {
          await page.setViewportSize({ width: 360, height: screen.height });
          try {
            for (const [path, name] of [
              ['/', 'home'],
              ['/notes', 'notes'],
              ['/organization', 'organization'],
            ] as const) {
              await page.goto(`${stack.webUrl}${path}`);
              await READY[name]!(page).first().waitFor();
              const layout = await layoutReport(page);
              expect(layout.offscreen, `${name} at 360 px`).toEqual([]);
              expect(layout.documentWidth, `${name} at 360 px`).toBeLessThanOrEqual(360);
            }
            expect(await withinViewport(page, '.cl-userButtonTrigger')).toBe(true);
            await shot('organization-360');
          } finally {
            await page.setViewportSize({ width: screen.width, height: screen.height });
          }
        });
      }

      it('has the organization switcher and the user menu on screen; signs out from the user menu', async () => {
        expect(await withinViewport(page, '.cl-organizationSwitcherTrigger')).toBe(true);
        expect(await withinViewport(page, '.cl-userButtonTrigger')).toBe(true);
        await page.locator('.cl-organizationSwitcherTrigger').click();
        const switcher = page.locator('.cl-organizationSwitcherPopoverCard');
        await switcher.getByText('Personal account', { exact: true }).waitFor();
        expect(await withinViewport(page, '.cl-organizationSwitcherPopoverCard')).toBe(true);
        await shot('organization-switcher');
        await page.keyboard.press('Escape');
        await switcher.waitFor({ state: 'hidden' });

        await page.locator('.cl-userButtonTrigger').click();
        const signOut = page
          .getByRole('menuitem', { name: 'Sign out' })
          .or(page.getByRole('button', { name: 'Sign out' }));
        await signOut.waitFor();
        expect(await withinViewport(page, '.cl-userButtonPopoverCard')).toBe(true);
        await shot('user-menu');
        await signOut.click();
        await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).waitFor();
        await page.goto(`${stack.webUrl}/notes`);
        await page.waitForURL((url) => url.pathname.startsWith('/sign-in'));
      });
    });
  }
});
