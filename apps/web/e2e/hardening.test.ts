import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { DEV_PASSWORDS, type FullStack } from '@stack/test-harness';
import type { TcpGate } from '@stack/test-kit';
import { closeBrowser, closeContext, launchChromium } from '@stack/test-kit/browser';

import { clerkLoaded, failureRecorder, screenshotter, signInWithPassword } from './support/browser.js';
import { startE2EStack } from './support/stack.js';

const ADA = { email: 'ada@example.com', password: DEV_PASSWORDS['ada@example.com'] };

/** A browser profile whose pages report every Content-Security-Policy violation into `violations`. */
async function watchedContext(browser: Browser): Promise<{ context: BrowserContext; violations: string[] }> {
  const context = await browser.newContext();
  const violations: string[] = [];
  context.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return { context, violations };
}

/**
 * Issue 9 against the built apps: a new user, CSP, headers, and every dependency hung or down.
 * Each test stands alone on what beforeAll prepares: the stack behind its gates and Ada signed in
 * in one browser profile (a test that signs her out signs her back in).
 */
describe('the web app holds up (built apps, emulator behind gates, Chromium)', () => {
  let stack: FullStack;
  let apiGate: TcpGate;
  let fapiGate: TcpGate;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shot: (name: string) => Promise<unknown>;
  let cspViolations: string[];
  let recordFailure: (test: string) => Promise<void>;

  beforeAll(async () => {
    // A write limit small enough to reach in the browser (every other test here writes once or twice).
    stack = await startE2EStack({ gates: true, serverEnv: { RATE_LIMIT_USER_WRITES_PER_MIN: '5' } });
    apiGate = stack.apiGate!;
    fapiGate = stack.fapiGate!;
    browser = await launchChromium();
    ({ context, violations: cspViolations } = await watchedContext(browser));
    page = await context.newPage();
    shot = screenshotter(page);
    recordFailure = failureRecorder(page);
    await signInWithPassword(page, stack.webUrl, ADA);
  });
  beforeEach(({ task, onTestFailed }) => onTestFailed(() => recordFailure(task.name)));

  afterAll(async () => {
    await closeContext(context);
    await closeBrowser(browser);
    await stack?.stop();
  });

  const seconds = (since: number) => (Date.now() - since) / 1000;
  // Scoped to the form: Next's route announcer is an (empty) alert too.
  const form = () => page.getByRole('form', { name: 'Edit profile' });

  it('signs up a new user (email, password, code 424242) who saves only a first name, with no CSP violation', async () => {
    // A browser profile of its own: the new user, not Ada.
    const { context: own, violations } = await watchedContext(browser);
    try {
      const newcomer = await own.newPage();
      const ownShot = screenshotter(newcomer);
      const email = `new-${Date.now()}@example.com`;
      await newcomer.goto(`${stack.webUrl}/sign-up`);
      await clerkLoaded(newcomer);
      await newcomer.getByLabel('Email address').fill(email);
      await newcomer.getByLabel('Password', { exact: true }).fill('a-long-new-password-42');
      await newcomer.getByRole('button', { name: 'Continue', exact: true }).click();
      await newcomer.getByText(/verify your email/i).waitFor();
      await newcomer.keyboard.type('424242');
      await newcomer.waitForURL((url) => !url.pathname.startsWith('/sign-up'));
      await ownShot('new-user-signed-up');
      expect(stack.emulator.users.findByEmail(email)).toBeTruthy();

      // The empty last name is not an error.
      await newcomer.goto(`${stack.webUrl}/profile`);
      await newcomer.getByLabel('First name').fill('Neu');
      await newcomer.getByRole('button', { name: 'Save' }).click();
      expect(await newcomer.getByRole('status').textContent()).toBe('Saved');
      expect(await newcomer.getByRole('form', { name: 'Edit profile' }).getByRole('alert').count()).toBe(0);
      expect(stack.emulator.users.findByEmail(email)).toMatchObject({ firstName: 'Neu' });
      expect(stack.emulator.users.findByEmail(email)?.lastName ?? null).toBeNull();
      // Clerk's own client user (what <UserButton/> shows) follows without a navigation.
      await newcomer.waitForFunction(
        () => (window as unknown as { Clerk?: { user?: { firstName?: string } } }).Clerk?.user?.firstName === 'Neu',
        undefined,
        { timeout: 5_000 },
      );
      await ownShot('new-user-saved-first-name');
      expect(violations).toEqual([]);
    } finally {
      await closeContext(own);
    }
  });

  it('serves pages with a nonce-based CSP its scripts carry, Permissions-Policy, no HSTS over http, no debug headers', async () => {
    const res = await fetch(`${stack.webUrl}/`, { headers: { accept: 'text/html' } });
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(res.headers.get('permissions-policy')).toContain('camera=()');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const leaked = [...res.headers.keys()].filter((h) => /^x-clerk-|^x-middleware-/.test(h));
    expect(leaked).toEqual([]);
    // A second response has another nonce.
    const again = await fetch(`${stack.webUrl}/`);
    expect(again.headers.get('content-security-policy')).not.toContain(nonce);
  });

  it('sends HSTS when served over HTTPS (a TLS-terminating proxy in front)', async () => {
    const res = await fetch(`${stack.webUrl}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}/);
  });

  it('does not forward client-supplied X-Forwarded-* to the Frontend API', async () => {
    fapiGate.takeSent();
    const res = await fetch(`${stack.webUrl}/__clerk/v1/environment`, {
      headers: {
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        'x-forwarded-for': '6.6.6.6',
        'x-real-ip': '6.6.6.6',
      },
    });
    expect(res.status).toBe(200);
    const sent = fapiGate.takeSent().toLowerCase();
    expect(sent).toContain('get /v1/environment');
    expect(sent).not.toContain('evil.example');
    expect(sent).not.toContain('6.6.6.6');
    expect(sent).toMatch(/clerk-proxy-url: http:\/\/localhost:\d+\/__clerk/);
  });

  it('builds redirects on its public origin, never on X-Forwarded-Host, and no cache keeps them', async () => {
    const res = await fetch(`${stack.webUrl}/profile`, {
      redirect: 'manual',
      headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', host: 'evil.example' },
    });
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
    const location = res.headers.get('location') ?? '';
    expect(location).not.toContain('evil.example');
    expect(new URL(location, stack.webUrl).origin).toBe(stack.webUrl);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  /**
   * Loads `path` while the API accepts connections and never answers: the first HTML must carry
   * the unavailable state once the server's own deadline (API_TIMEOUT_MS, 5 s) has passed.
   */
  async function firstHtmlWhileApiHangs(path: string): Promise<number> {
    apiGate.set('hang');
    try {
      const started = Date.now();
      const response = await page.goto(`${stack.webUrl}${path}`);
      const html = (await response?.text()) ?? '';
      const took = seconds(started);
      console.log(`${path} against a hung API: unavailable state in the first HTML after ${took.toFixed(2)} s`);
      expect(html).toContain('The service is unavailable');
      expect(html).not.toContain('skeleton');
      await page.getByRole('button', { name: 'Retry' }).waitFor();
      await shot(`api-hung-${path.slice(1)}`);
      return took;
    } finally {
      apiGate.set('pass');
    }
  }

  it('shows the unavailable state in the first HTML when the API hangs (RSC prefetch deadline)', async () => {
    const took = await firstHtmlWhileApiHangs('/profile');
    expect(took).toBeLessThan(8); // 5 s deadline + render
    expect(took).toBeGreaterThan(4.5); // it did wait for the API, then gave up
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('profile-email').waitFor({ timeout: 15_000 });
  });

  it('shows the notes’ unavailable state within the same deadline as the profile’s when the API hangs', async () => {
    const took = await firstHtmlWhileApiHangs('/notes');
    expect(took).toBeLessThan(8); // the server's 5 s deadline + render, not 5 s + the browser's 10 s
    expect(took).toBeGreaterThan(4.5);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('form', { name: 'New note' }).waitFor({ timeout: 15_000 });
  });

  it('ends Save against a hung API with a visible "unavailable" message (browser deadline)', async () => {
    await page.goto(`${stack.webUrl}/profile`);
    await page.getByTestId('profile-email').waitFor();
    apiGate.set('hang');
    try {
      await page.getByLabel('First name').fill('Hung');
      const started = Date.now();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('button', { name: 'Saving…' }).waitFor();
      const alert = form().getByRole('alert');
      await alert.waitFor({ timeout: 20_000 });
      const took = seconds(started);
      console.log(`Browser Save against a hung API: message after ${took.toFixed(2)} s`);
      expect(await alert.textContent()).toContain('unavailable');
      expect(took).toBeLessThan(14); // 10 s deadline
      expect(took).toBeGreaterThan(9);
      expect(await page.getByRole('button', { name: 'Save' }).isEnabled()).toBe(true);
      await shot('api-hung-save');
    } finally {
      apiGate.set('pass');
    }
  });

  it.each([
    ['hung', 'hang' as const, 504, 4.5, 8],
    ['down', 'refuse' as const, 502, 0, 3],
  ])(
    'answers /__clerk fast when the Frontend API is %s: JSON for fetch, HTML for a navigation',
    async (_what, mode, status, min, max) => {
      fapiGate.set(mode);
      try {
        const started = Date.now();
        const xhr = await fetch(`${stack.webUrl}/__clerk/v1/client`, { headers: { 'sec-fetch-dest': 'empty' } });
        const took = seconds(started);
        console.log(`/__clerk with the Frontend API ${mode}: ${xhr.status} in ${took.toFixed(2)} s`);
        expect(xhr.status).toBe(status);
        expect(xhr.headers.get('content-type')).toContain('application/json');
        const body = await xhr.text();
        expect(body).not.toMatch(/ECONN|fetch failed|127\.0\.0\.1/);
        expect(took).toBeLessThan(max);
        expect(took).toBeGreaterThanOrEqual(min);

        const navStarted = Date.now();
        const nav = await page.goto(
          `${stack.webUrl}/__clerk/v1/client/handshake?redirect_url=${encodeURIComponent(`${stack.webUrl}/profile`)}`,
        );
        expect(seconds(navStarted)).toBeLessThan(max);
        expect(nav?.status()).toBe(status);
        expect(nav?.headers()['content-type']).toContain('text/html');
        await page.getByRole('heading', { name: 'Sign-in is unavailable' }).waitFor();
        await shot(`fapi-${mode}`);
      } finally {
        fapiGate.set('pass');
      }
    },
  );

  it('signs out and back in, edits the profile, all without CSP violations', async () => {
    await page.goto(`${stack.webUrl}/profile`);
    await page.locator('.cl-userButtonTrigger').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForFunction(() => !document.cookie.includes('__session='));
    await signInWithPassword(page, stack.webUrl, ADA, '/profile');
    await page.getByLabel('Last name').fill('King');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Saved');
    expect(cspViolations).toEqual([]);
  });

  it('follows Clerk in the browser after a corrupted __session: the header shows the user without a reload', async () => {
    await page.goto(`${stack.webUrl}/`);
    await page.locator('.cl-userButtonTrigger').waitFor();
    const sessions = (await context.cookies(stack.webUrl)).filter((c) => c.name.startsWith('__session'));
    expect(sessions.length).toBeGreaterThan(0);
    await context.addCookies(sessions.map((c) => ({ ...c, value: 'corrupted.not.a-jwt' })));
    let navigations = 0;
    const countNavigation = () => navigations++;
    page.on('framenavigated', countNavigation);
    const response = await page.goto(`${stack.webUrl}/`);
    const html = (await response?.text()) ?? '';
    navigations = 0;
    await page.locator('.cl-userButtonTrigger').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
    page.off('framenavigated', countNavigation);
    console.log(
      `corrupted __session: server HTML said ${html.includes('Sign in') ? '"Sign in"' : 'signed in'}; ${navigations} navigations after load`,
    );
    await shot('corrupted-session-recovered');
  });

  it('shows a write over the rate limit as "Too many requests, try again in N s", keeping what was typed', async () => {
    // Signed in as Ada (above), who has used one of her five writes a minute.
    await page.goto(`${stack.webUrl}/notes`);
    const newNote = page.getByRole('form', { name: 'New note' });
    await newNote.waitFor();
    let refusal = '';
    for (let attempt = 1; attempt <= 8 && !refusal; attempt++) {
      await newNote.getByLabel('Title').fill(`Limited ${attempt}`);
      await newNote.getByLabel('Body').fill(`typed body ${attempt}`);
      await newNote.getByRole('button', { name: 'Add note' }).click();
      // Added (the form is cleared) or refused (an alert): whichever comes.
      await page.waitForFunction(() => {
        const form = document.querySelector('form[aria-label="New note"]');
        return (
          form?.querySelector('input')?.value === '' || Boolean(form?.querySelector('[role="alert"]')?.textContent)
        );
      });
      const alerts = newNote.getByRole('alert');
      refusal = (await alerts.count()) > 0 ? ((await alerts.first().textContent()) ?? '') : '';
      if (refusal) {
        expect(await newNote.getByLabel('Title').inputValue()).toBe(`Limited ${attempt}`);
        expect(await newNote.getByLabel('Body').inputValue()).toBe(`typed body ${attempt}`);
      }
    }
    expect(refusal).toMatch(/^Too many requests, try again in [1-9]\d* s$/);
    await shot('rate-limited-write');
  });
});
