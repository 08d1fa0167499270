import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { closeBrowser, closeContext, closeWithin, launchChromium } from '@stack/test-kit/browser';

import type { ClerkEmulator } from '../../src/index.js';
import { FapiClient } from '../fapi/fapi-client.js';
import { startSeeded } from '../helpers.js';
import { type AppServer, startAppServer } from './app-server.js';
import { backendView } from './backend-view.js';
import { PROXY_PATH } from './conformance-page.js';

const ATTACKER_ACCOUNT = { identifier: 'grace@example.com', password: 'another-long-pass' };

/** A page on another site (localhost vs the app's 127.0.0.1) that auto-submits a sign-in form. */
async function startAttackerSite(target: string): Promise<{ url: string; server: Server }> {
  const fields = Object.entries({ ...ATTACKER_ACCOUNT, strategy: 'password' })
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
    .join('');
  const html = `<!doctype html><form id="f" method="POST" action="${target}">${fields}</form><script>document.getElementById('f').submit()</script>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}/`, server };
}

/** Login CSRF (issue 9): a foreign page must not sign the browser in, or switch its account. */
describe('a cross-site auto-submitted sign-in', { timeout: 30_000 }, () => {
  let browser: Browser;
  let emulator: ClerkEmulator;
  let app: AppServer;
  let attacker: { url: string; server: Server };
  let context: BrowserContext;
  beforeAll(async () => {
    browser = await launchChromium();
    emulator = await startSeeded();
    app = await startAppServer(emulator);
    attacker = await startAttackerSite(`${app.url}${PROXY_PATH}/v1/client/sign_ins`);
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await closeWithin('app server', () => app?.close());
    attacker?.server.close();
    await emulator?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext();
  });
  afterEach(() => closeContext(context));

  const graceSessions = () =>
    emulator.listSessions().filter((s) => s.userId === emulator.users.findByEmail('grace@example.com')!.id);

  /** Opens the attacker's page and waits until its form has been answered by the app. */
  const visitAttacker = async () => {
    const page = await context.newPage();
    const answered = page.waitForResponse((r) => r.url().startsWith(`${app.url}${PROXY_PATH}/v1/client/sign_ins`));
    await page.goto(attacker.url);
    return (await answered).status();
  };

  it('leaves a signed-out browser signed out', async () => {
    expect(await visitAttacker()).toBe(400);
    expect(graceSessions()).toEqual([]);
    expect((await context.cookies(app.url)).map((c) => c.name)).not.toContain('__client');
    expect((await backendView(emulator, context, app.url)).userId).toBeNull();
  });

  it('leaves a browser signed in as Ada signed in as Ada', async () => {
    // Ada signs in on the app (same origin, through its proxy), and the browser keeps her cookies.
    emulator.allowOrigin(app.url);
    const ada = new FapiClient(emulator, app.url);
    await ada.signIn('ada@example.com', 'correct-horse-battery');
    await context.addCookies(
      [...ada.cookies].map(([name, value]) => ({ name, value, url: app.url, sameSite: 'Lax' as const })),
    );
    expect(await visitAttacker()).toBe(400);
    expect(graceSessions()).toEqual([]);
    const clientCookie = (await context.cookies(app.url)).find((c) => c.name === '__client')!.value;
    expect(clientCookie).toBe(ada.cookies.get('__client'));
    const client = await new FapiClient(emulator, app.url).request('GET', '/v1/client', undefined, {
      headers: { cookie: `__client=${clientCookie}` },
    });
    expect(
      client.body.response.sessions.map(
        (s: { user: { email_addresses: [{ email_address: string }] } }) => s.user.email_addresses[0].email_address,
      ),
    ).toEqual(['ada@example.com']);
  });
});
