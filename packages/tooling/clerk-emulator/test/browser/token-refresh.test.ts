import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { closeBrowser, closeContext, closeWithin, launchChromium } from '@stack/test-kit/browser';

import { type ClerkEmulator, startClerkEmulator } from '../../src/index.js';
import { ORG_SEED } from '../helpers.js';
import { type AppServer, startAppServer } from './app-server.js';
import { backendView, decodePayload } from './backend-view.js';
import { ClerkPage } from './clerk-page.js';

// Real clerk-js in Chromium, continued: the token poller, the handshake, and the emulator's own
// playground page. One browser for the file, one context per emulator.

const ADA = { email: 'ada@example.com', password: 'correct-horse-battery' };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await closeBrowser(browser);
});

describe('token refresh and handshake with short-lived tokens', { timeout: 45_000 }, () => {
  let emulator: ClerkEmulator;
  let app: AppServer;
  let context: BrowserContext;

  beforeAll(async () => {
    emulator = await startClerkEmulator({
      seed: { users: [{ email: ADA.email, password: ADA.password }] },
      tokenLifetimeSeconds: 5,
    });
    app = await startAppServer(emulator);
  });
  afterAll(async () => {
    await closeWithin('app server', () => app?.close());
    await emulator?.close();
  });
  // Each test signs Ada in in a browser profile of its own.
  beforeEach(async () => {
    context = await browser.newContext();
  });
  afterEach(() => closeContext(context));

  /** Ada signed in through clerk-js on the app's page. */
  const signedIn = async () => {
    const tab = await ClerkPage.open(context, app.url);
    await tab.signInWithApi(ADA.email, ADA.password);
    return tab;
  };

  it("clerk-js's poller replaces the token before it expires; the backend stays signed in past the first token's expiry", async () => {
    const tab = await signedIn();
    const first = (await backendView(emulator, context, app.url)).token!;
    const firstClaims = decodePayload(first);
    // @clerk/backend allows 5 s of clock skew: wait until the first token is rejected for sure.
    await tab.page.waitForFunction((deadline) => Date.now() / 1000 > deadline, (firstClaims['exp'] as number) + 6, {
      timeout: 20_000,
      polling: 250,
    });
    const now = await backendView(emulator, context, app.url);
    expect(now.status).toBe('signed-in');
    expect(now.token).not.toBe(first);
    expect(decodePayload(now.token!)['iat']).toBeGreaterThan(firstClaims['iat'] as number);
    expect(decodePayload(now.token!)['sid']).toBe(firstClaims['sid']);
    // Refreshed by clerk-js itself: the test made no token call.
    expect(
      tab.fapiCalls.filter((call) => /^POST \/v1\/client\/sessions\/sess_\w+\/tokens$/.test(call)).length,
    ).toBeGreaterThan(0);
    const firstOnly = await fetch(app.url + '/', {
      headers: { cookie: `__session=${first}; __client_uat=${String(firstClaims['iat'])}`, accept: 'application/json' },
    });
    expect(firstOnly.status).toBe(200);
    expect(await firstOnly.text()).toContain('data-auth-status="signed-out"');
    expect(tab.unexpectedProblems()).toEqual([]);
  });

  it('a page load whose __session cookie is gone goes through the FAPI handshake and comes back signed in', async () => {
    const tab = await signedIn();
    // Signed in as the backend sees it (clerk-js writes the cookies asynchronously).
    await expect.poll(async () => (await backendView(emulator, context, app.url)).status).toBe('signed-in');
    await tab.page.close();
    await context.clearCookies({ name: /^__session/ });
    const visited: string[] = [];
    const page = await context.newPage();
    page.on('request', (request) => {
      if (request.isNavigationRequest()) visited.push(new URL(request.url()).pathname);
    });
    await page.goto(app.url + '/');
    expect(visited).toEqual(['/', '/__clerk/v1/client/handshake', '/']);
    expect(await page.getAttribute('body', 'data-auth-status')).toBe('signed-in');
    const jar = new Map((await context.cookies(app.url)).map((c) => [c.name, c.value]));
    expect(jar.get('__session')).toMatch(/^ey/);
    expect(jar.has('__clerk_handshake_nonce')).toBe(false);
    expect((await backendView(emulator, context, app.url)).status).toBe('signed-in');
  });
});

describe('the playground: the emulator alone, real clerk-js, a seeded user', { timeout: 45_000 }, () => {
  let emulator: ClerkEmulator;
  let context: BrowserContext;
  beforeAll(async () => {
    emulator = await startClerkEmulator({ seed: ORG_SEED });
    context = await browser.newContext();
  });
  afterAll(async () => {
    await closeContext(context);
    await emulator?.close();
  });

  it('signs Ada in with <SignIn/> on /playground and shows <UserButton/>', async () => {
    const tab = await ClerkPage.open(context, emulator.url, '/playground');
    await tab.page.fill('input[name=identifier]', ADA.email);
    await tab.page.getByRole('button', { name: 'Continue', exact: true }).click();
    await tab.page.fill('input[name=password]', ADA.password);
    await tab.page.getByRole('button', { name: 'Continue', exact: true }).click();
    await tab.waitForText(`Signed in as ${ADA.email}`);
    await tab.page.locator('.cl-userButtonTrigger').waitFor();
    const view = await backendView(emulator, context, emulator.url);
    expect(view).toMatchObject({
      status: 'signed-in',
      userId: emulator.users.findByEmail(ADA.email)!.id,
      orgId: 'org_acme',
    });
    expect(tab.unexpectedProblems()).toEqual([]);
  });
});
