import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { Page, Request } from 'playwright-core';

const artifacts = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

/** Numbered screenshots of each step, kept as test artifacts (apps/web/test-results/e2e[/folder]). */
export function screenshotter(page: Page, folder = '') {
  const dir = folder ? `${artifacts}${folder}/` : artifacts;
  if (folder) rmSync(dir, { recursive: true, force: true }); // a folder of its own: this run's pictures only
  mkdirSync(dir, { recursive: true });
  let step = 0;
  return (name: string) =>
    page.screenshot({ path: `${dir}${String(++step).padStart(2, '0')}-${name}.png`, fullPage: true });
}

/**
 * Signs in through Clerk's `<SignIn/>` on the web app (email, Continue, password, Continue) and
 * waits until the browser has left the sign-in page (for `redirectTo`, until it is there).
 */
export async function signInWithPassword(
  page: Page,
  webUrl: string,
  who: { email: string; password: string },
  redirectTo?: string,
): Promise<void> {
  const query = redirectTo === undefined ? '' : `?redirect_url=${encodeURIComponent(redirectTo)}`;
  await page.goto(`${webUrl}/sign-in${query}`);
  await fillSignIn(page, who);
  await page.waitForURL((url) =>
    redirectTo === undefined ? !url.pathname.startsWith('/sign-in') : url.pathname === redirectTo,
  );
}

/**
 * Clerk's components can render before clerk-js has loaded its client: typing and submitting then
 * may reach a form whose submit is not wired yet. A test waits for Clerk as a person waits for the
 * page to respond.
 */
export async function clerkLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as { Clerk?: { loaded?: boolean } }).Clerk?.loaded === true);
}

/** The two steps of `<SignIn/>` on a page already showing it. */
export async function fillSignIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await clerkLoaded(page);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}

/**
 * What a browser test saw before it failed, written next to its screenshots as
 * `FAILED-<test>.png` and `.txt` (and printed at the end of `pnpm test`): the page's URL, what
 * Clerk in the page thinks (loaded, user, session, the names of its cookies), the requests still
 * waiting, and the last 300 of everything else: every request with its status and time, failures,
 * console messages. A timeout in CI then says what the page was stuck on.
 */
export function failureRecorder(page: Page): (test: string) => Promise<void> {
  const seen: string[] = [];
  const note = (line: string) => {
    seen.push(`${new Date().toISOString()} ${line}`);
    if (seen.length > 300) seen.shift();
  };
  const started = new Map<Request, number>();
  page.on('console', (message) => note(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => note(`pageerror: ${error.message}`));
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) note(`navigated to ${frame.url()}`);
  });
  page.on('request', (request) => started.set(request, Date.now()));
  page.on('requestfailed', (request) => {
    started.delete(request);
    note(`failed ${request.method()} ${request.url()}: ${request.failure()?.errorText ?? '?'}`);
  });
  page.on('requestfinished', (request) => {
    const ms = Date.now() - (started.get(request) ?? Date.now());
    started.delete(request);
    // Asked after the page has closed (a test's teardown), the response is gone: nothing to note.
    request
      .response()
      .then((response) => note(`${response?.status()} ${request.method()} ${request.url()} in ${ms} ms`))
      .catch(() => {});
  });
  return async (test) => {
    mkdirSync(artifacts, { recursive: true });
    const name = `FAILED-${test.replace(/[^\w-]+/g, '-').slice(0, 80)}`;
    const pending = [...started].map(
      ([request, at]) => `still waiting after ${Date.now() - at} ms: ${request.method()} ${request.url()}`,
    );
    const clerk = await page
      .evaluate(() => {
        const c = (
          window as { Clerk?: { loaded?: boolean; user?: { id?: string }; session?: { id?: string; status?: string } } }
        ).Clerk;
        const cookies = document.cookie.split(';').map((pair) => pair.split('=')[0]!.trim());
        return `clerk: ${c ? `loaded=${c.loaded} user=${c.user?.id ?? null} session=${c.session?.id ?? null} (${c.session?.status ?? '-'})` : 'not on the page'}; cookies: ${cookies.join(', ')}`;
      })
      .catch((error: unknown) => `clerk: unreadable (${String(error)})`);
    writeFileSync(`${artifacts}${name}.txt`, [`url: ${page.url()}`, clerk, ...pending, ...seen].join('\n') + '\n');
    await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true }).catch(() => {});
  };
}
