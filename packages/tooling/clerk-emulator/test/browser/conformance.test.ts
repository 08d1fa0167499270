import { verifyToken } from '@clerk/backend';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { step } from '@stack/test-kit';
import { closeBrowser, closeContext, closeWithin, launchChromium } from '@stack/test-kit/browser';

import { type ClerkEmulator, startClerkEmulator } from '../../src/index.js';
import { ORG_SEED } from '../helpers.js';
import { type AppServer, startAppServer } from './app-server.js';
import { backendView, decodePayload } from './backend-view.js';
import { ClerkPage } from './clerk-page.js';

// Real clerk-js + @clerk/ui (served by the emulator) in Debian's Chromium, behind @clerk/backend's
// Frontend API proxy; after every step the real `authenticateRequest` judges the browser's cookies.
// Only Clerk's own SDKs take part: the app's server is tested against the emulator in its own suites.
// One browser for the file; the story's steps share one browser context, like one user's browser.

const NEW_USER = { email: 'lin@example.com', password: 'a-long-enough-passphrase' };
const ADA = { email: 'ada@example.com', password: 'correct-horse-battery' };
const ADA_ID = 'user_ada';
const WRONG_PASSWORD_422 = /HTTP 422 .*attempt_first_factor/;
const WRONG_CODE_422 = /HTTP 422 .*attempt_verification/;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await closeBrowser(browser);
});

// Browser steps wait on real UI and real timers; give them room on a busy 2-core CI machine.
describe(
  'real clerk-js against the emulator: sign-up, sign-in, tokens, profile, sign-out',
  { timeout: 120_000 },
  () => {
    let emulator: ClerkEmulator;
    let app: AppServer;
    let context: BrowserContext;
    let tab: ClerkPage;
    const view = () => backendView(emulator, context, app.url);
    /**
     * The backend's view once the browser's cookies settle on `status` (clerk-js writes them
     * asynchronously after a UI step); whatever it is after 10 s is what the assertion sees.
     */
    const settledView = async (status: 'signed-in' | 'signed-out') => {
      let last = await view();
      const deadline = Date.now() + 10_000;
      while (last.status !== status && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        last = await view();
      }
      return last;
    };
    const cookies = async () => new Map((await context.cookies(app.url)).map((c) => [c.name, c]));
    /** The error a prebuilt component shows under a field. */
    const fieldError = (text: string) => tab.page.getByTestId('form-feedback-error').filter({ hasText: text });

    beforeAll(async () => {
      // The page's origin is known once its server listens; the emulator then allows it.
      app = await startAppServer(() => emulator);
      emulator = await startClerkEmulator({ seed: ORG_SEED, allowedOrigins: [app.url] });
      context = await browser.newContext();
    });
    afterAll(async () => {
      await closeContext(context);
      await closeWithin('app server', () => app?.close());
      await closeWithin('emulator', () => emulator?.close());
    });

    // One journey: each step starts where the one before left the browser.
    it('one user’s browser: boot signed out, sign up, sign out, a wrong password, sign in, tokens, profile, sign out', async () => {
      await step(
        'boots clerk-js and @clerk/ui from the emulator at the URLs the SDK computes, signed out',
        async () => {
          tab = await ClerkPage.open(context, app.url);
          const state = await tab.state();
          expect(state).toMatchObject({ version: '6.34.1', uiVersion: '1.36.0', userId: null });
          expect(emulator.scripts.packages).toEqual([
            { name: '@clerk/clerk-js', version: '6.34.1' },
            { name: '@clerk/ui', version: '1.36.0' },
          ]);
          expect(await tab.page.getAttribute('body', 'data-auth-status')).toBe('signed-out');
          expect(await view()).toMatchObject({ status: 'signed-out', userId: null });
        },
      );

      await step('signs up through <SignUp/> with email, password and the development code', async () => {
        await tab.mount('SignUp');
        await tab.page.fill('input[name=emailAddress]', NEW_USER.email);
        await tab.page.fill('input[name=password]', NEW_USER.password);
        await tab.page.getByRole('button', { name: 'Continue', exact: true }).click();
        await tab.waitForText('Verify your email');
        // A wrong code first: the component shows Clerk's error and the sign-up stays open.
        await tab.page.keyboard.type('111111');
        await fieldError('Incorrect code').waitFor();
        expect(emulator.users.findByEmail(NEW_USER.email)).toBeUndefined();
        await tab.page.locator('input[autocomplete="one-time-code"]').first().fill(emulator.verificationCode);
        await tab.waitForUser(/^user_/);
        await tab.waitForBoot();

        const user = emulator.users.findByEmail(NEW_USER.email);
        expect(user).toMatchObject({ email: NEW_USER.email, passwordEnabled: true });
        expect(await emulator.users.verifyPassword(user!.id, NEW_USER.password)).toBe(true);
        expect(await tab.state()).toMatchObject({ userId: user!.id, email: NEW_USER.email });
        const backend = await settledView('signed-in');
        expect(backend).toMatchObject({ status: 'signed-in', userId: user!.id });

        // Cookies as a production FAPI + clerk-js leave them: HttpOnly client, uat ≤ the token's iat.
        const jar = await cookies();
        expect(jar.get('__client')?.httpOnly).toBe(true);
        expect(jar.get('__session')?.httpOnly).toBe(false);
        const uat = Number(jar.get('__client_uat')?.value);
        const payload = decodePayload(backend.token!);
        expect(uat).toBeGreaterThan(0);
        expect(uat).toBeLessThanOrEqual(payload['iat'] as number);
        expect(payload).toMatchObject({ azp: app.url, sub: user!.id, iss: emulator.issuer, v: 2 });
        expect(tab.unexpectedProblems([WRONG_CODE_422])).toEqual([]);
      });

      await step('signs out', async () => {
        const sessionId = (await tab.state()).sessionId!;
        await tab.signOut();
        await tab.waitForUser(null);
        const jar = await cookies();
        expect(jar.get('__session')).toBeUndefined();
        expect(jar.get('__client_uat')?.value).toBe('0');
        expect(emulator.getSession(sessionId)?.status).toBe('removed');
        expect(await view()).toMatchObject({ status: 'signed-out', userId: null });
      });

      await step("shows Clerk's error for a wrong password in <SignIn/> and stays signed out", async () => {
        await tab.goto(app.url + '/');
        await tab.mount('SignIn');
        await tab.page.fill('input[name=identifier]', ADA.email);
        await tab.page.getByRole('button', { name: 'Continue', exact: true }).click();
        await tab.page.fill('input[name=password]', 'not-the-password');
        await tab.page.getByRole('button', { name: 'Continue', exact: true }).click();
        await fieldError('Password is incorrect. Try again, or use another method.').waitFor();
        expect(await view()).toMatchObject({ status: 'signed-out' });
      });

      await step('signs in with the password through <SignIn/>', async () => {
        await tab.page.fill('input[name=password]', ADA.password);
        await tab.page.getByRole('button', { name: 'Continue', exact: true }).click();
        await tab.waitForUser(ADA_ID);
        await tab.waitForBoot();
        expect(await settledView('signed-in')).toMatchObject({
          status: 'signed-in',
          userId: ADA_ID,
          orgId: 'org_acme',
        });
        expect(tab.unexpectedProblems([WRONG_PASSWORD_422, WRONG_CODE_422])).toEqual([]);
      });

      await step(
        'session.getToken() returns a token that @clerk/backend accepts, as a Bearer token or the __session cookie',
        async () => {
          const token = (await tab.getToken(true))!;
          const claims = await verifyToken(token, { jwtKey: emulator.publicKeyPem, authorizedParties: [app.url] });
          expect(claims).toMatchObject({ sub: ADA_ID, azp: app.url, o: { id: 'org_acme', rol: 'admin' } });
          const { sessionId } = await tab.state();
          expect(claims.sid).toBe(sessionId);
          // The __session cookie clerk-js wrote is the same kind of token, for same-site requests.
          const session = (await cookies()).get('__session')!.value;
          await expect(verifyToken(session, { jwtKey: emulator.publicKeyPem })).resolves.toMatchObject({ sub: ADA_ID });
          // A token for an origin the backend does not authorize is refused.
          const foreign = await emulator.mintSessionToken({ sessionId: sessionId!, azp: 'https://elsewhere.example' });
          await expect(
            verifyToken(foreign, { jwtKey: emulator.publicKeyPem, authorizedParties: [app.url] }),
          ).rejects.toThrow();
        },
      );

      await step('<UserButton/> opens the profile, which shows the user and updates the name', async () => {
        await tab.mount('UserButton');
        await tab.page.locator('.cl-userButtonTrigger').click();
        await tab.page.getByRole('button', { name: 'Manage account' }).click();
        await tab.waitForText(ADA.email);
        await tab.page.getByRole('button', { name: 'Update profile' }).click();
        await tab.page.fill('input[name=firstName]', 'Augusta');
        await tab.page.getByRole('button', { name: 'Save' }).click();
        await tab.page.waitForFunction(
          () =>
            (globalThis as unknown as { Clerk: { user: { firstName: string } } }).Clerk.user.firstName === 'Augusta',
        );
        expect(emulator.users.get(ADA_ID)).toMatchObject({ firstName: 'Augusta', lastName: 'Lovelace' });
        expect(await view()).toMatchObject({ status: 'signed-in', userId: ADA_ID });
        await tab.page.keyboard.press('Escape');
      });

      await step('signs out from the <UserButton/> menu', async () => {
        await tab.goto(app.url + '/');
        await tab.mount('UserButton');
        await tab.page.locator('.cl-userButtonTrigger').click();
        await tab.page.getByRole('button', { name: 'Sign out' }).click();
        await tab.waitForUser(null);
        // Nothing awaits the click: let the sign-out response and clerk-js's cookie removal land.
        expect(await settledView('signed-out')).toMatchObject({ status: 'signed-out', userId: null });
        expect(tab.unexpectedProblems([WRONG_PASSWORD_422, WRONG_CODE_422])).toEqual([]);
        expect(emulator.scripts.missing).toEqual([]);
      });
    });
  },
);
