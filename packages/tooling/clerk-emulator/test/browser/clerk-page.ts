import type { BrowserContext, Page } from 'playwright-core';

/** The parts of clerk-js the tests call inside the page (the page has no DOM types here). */
interface PageClerk {
  version: string;
  uiVersion?: string;
  loaded: boolean;
  user: { id: string; firstName: string | null; primaryEmailAddress?: { emailAddress: string } | null } | null;
  session: { id: string; getToken(options?: { skipCache?: boolean }): Promise<string | null> } | null;
  client: {
    signIn: { create(params: Record<string, string>): Promise<{ status: string; createdSessionId: string | null }> };
  };
  setActive(params: { session: string | null }): Promise<void>;
  signOut(): Promise<void>;
  mountSignIn(el: unknown, props?: Record<string, unknown>): void;
  mountSignUp(el: unknown, props?: Record<string, unknown>): void;
  mountUserButton(el: unknown, props?: Record<string, unknown>): void;
}
interface PageGlobals {
  Clerk: PageClerk;
  __boot: string;
  document: { getElementById(id: string): unknown };
}
// Functions passed to page.evaluate run in the browser: they may use only their arguments and
// globals, so each one reaches the page's globals through `globalThis` itself.

export interface RequestProblem {
  url: string;
  problem: string;
}

/** The page's own objects (blob:, data:): never a request to a server. */
const isLocalUrl = (url: string) => url.startsWith('blob:') || url.startsWith('data:');

/**
 * A browser tab on the conformance page. It records every request that failed, got an HTTP
 * error, or left the app's origin (no Clerk CDN, image host or telemetry may ever be contacted).
 */
export class ClerkPage {
  readonly page: Page;
  readonly problems: RequestProblem[] = [];
  readonly fapiCalls: string[] = [];

  private constructor(page: Page, appUrl: string) {
    this.page = page;
    page.setDefaultTimeout(10_000);
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(appUrl) && !isLocalUrl(url)) this.problems.push({ url, problem: 'left the app origin' });
      const fapi = /\/__clerk(\/v1\/[^?]*)/.exec(url);
      if (fapi) this.fapiCalls.push(`${request.method()} ${fapi[1]}`);
    });
    page.on('requestfailed', (request) => {
      // blob: and data: URLs are the page's own objects, never a request to a server: one aborted by
      // clerk-js or a navigation (net::ERR_ABORTED) says nothing about the emulator.
      if (isLocalUrl(request.url())) return;
      this.problems.push({ url: request.url(), problem: request.failure()?.errorText ?? 'failed' });
    });
    page.on('response', (response) => {
      if (response.status() >= 400) this.problems.push({ url: response.url(), problem: `HTTP ${response.status()}` });
    });
  }

  static async open(context: BrowserContext, appUrl: string, path = '/'): Promise<ClerkPage> {
    const clerkPage = new ClerkPage(await context.newPage(), appUrl);
    await clerkPage.goto(appUrl + path);
    return clerkPage;
  }

  /** Navigates and waits until clerk-js and @clerk/ui are loaded (throws with the boot error otherwise). */
  async goto(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitForBoot();
  }

  async waitForBoot(): Promise<void> {
    await this.page.waitForFunction(
      () =>
        (globalThis as unknown as PageGlobals).__boot !== undefined &&
        (globalThis as unknown as PageGlobals).__boot !== 'loading',
      null,
      { timeout: 20_000 },
    );
    const boot = await this.page.evaluate(() => (globalThis as unknown as PageGlobals).__boot);
    if (boot !== 'ready') throw new Error(`clerk-js did not boot: ${boot}`);
  }

  /**
   * Waits for `text` to be shown. On a timeout the error carries what the page did show and the
   * last Frontend API calls, so a failure in CI says why (a refused step, a lost click, a slow boot).
   */
  async waitForText(text: string): Promise<void> {
    try {
      await this.page.getByText(text).first().waitFor();
    } catch (error) {
      const shown = await this.page.innerText('body').catch(() => '(page gone)');
      const calls = this.fapiCalls.slice(-8).join(', ');
      throw new Error(`"${text}" was not shown. The page showed: ${shown.slice(0, 600)}. Last FAPI calls: ${calls}`, {
        cause: error,
      });
    }
  }

  /** Problems other than the HTTP statuses a step expects (e.g. the 422 of a wrong password). */
  unexpectedProblems(allowed: RegExp[] = []): RequestProblem[] {
    return this.problems.filter((p) => !allowed.some((re) => re.test(`${p.problem} ${p.url}`)));
  }

  state() {
    return this.page.evaluate(() => {
      const clerk = (globalThis as unknown as PageGlobals).Clerk;
      return {
        version: clerk.version,
        uiVersion: clerk.uiVersion ?? null,
        userId: clerk.user?.id ?? null,
        firstName: clerk.user?.firstName ?? null,
        email: clerk.user?.primaryEmailAddress?.emailAddress ?? null,
        sessionId: clerk.session?.id ?? null,
      };
    });
  }

  /** Waits until clerk-js reports this user (null: signed out). */
  async waitForUser(userId: string | null | RegExp): Promise<void> {
    const want = userId instanceof RegExp ? { pattern: userId.source, exact: null } : { pattern: null, exact: userId };
    await this.page.waitForFunction(
      ({ pattern, exact }) => {
        const id = (globalThis as unknown as PageGlobals).Clerk?.user?.id ?? null;
        return pattern === null ? id === exact : id !== null && new RegExp(pattern).test(id);
      },
      want,
      { timeout: 15_000 },
    );
  }

  getToken(skipCache = false): Promise<string | null> {
    return this.page.evaluate(
      (skip) =>
        (globalThis as unknown as PageGlobals).Clerk.session?.getToken({ skipCache: skip }) ?? Promise.resolve(null),
      skipCache,
    );
  }

  signOut(): Promise<void> {
    return this.page.evaluate(() => (globalThis as unknown as PageGlobals).Clerk.signOut());
  }

  /** Password sign-in through clerk-js's API (what custom forms do), then activates the session. */
  async signInWithApi(identifier: string, password: string): Promise<void> {
    await this.page.evaluate(
      async ([id, pw]) => {
        const clerk = (globalThis as unknown as PageGlobals).Clerk;
        const attempt = await clerk.client.signIn.create({ identifier: id!, password: pw!, strategy: 'password' });
        await clerk.setActive({ session: attempt.createdSessionId });
      },
      [identifier, password],
    );
  }

  mount(component: 'SignIn' | 'SignUp' | 'UserButton'): Promise<void> {
    return this.page.evaluate((name) => {
      const clerk = (globalThis as unknown as PageGlobals).Clerk;
      const doc = (globalThis as unknown as PageGlobals).document;
      if (name === 'SignIn')
        clerk.mountSignIn(doc.getElementById('sign-in'), { routing: 'hash', fallbackRedirectUrl: '/' });
      else if (name === 'SignUp')
        clerk.mountSignUp(doc.getElementById('sign-up'), { routing: 'hash', fallbackRedirectUrl: '/' });
      else clerk.mountUserButton(doc.getElementById('user-button'));
    }, component);
  }
}
