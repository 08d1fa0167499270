import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { assembleBundles, type BundleReport } from '@stack/bundle';
import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { DEV_PASSWORDS, DEV_SEED } from '@stack/test-harness';
import { freePort, type NodeProcess, startProcess } from '@stack/test-kit';
import { closeBrowser, launchChromium } from '@stack/test-kit/browser';
import { createTestDatabase } from '@stack/test-kit/postgres';

import { screenshotter, signInWithPassword } from './support/browser.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const ADA = { email: 'ada@example.com', password: DEV_PASSWORDS['ada@example.com'] };

/** Only Node (and the shell npm runs scripts with): nothing from this repository or its tools. */
const NODE_ONLY_PATH = [path.dirname(process.execPath), '/usr/bin', '/bin'].join(':');

/** `npm start` in a bundle, as a person would run it, with exactly `env` (only Node on the PATH). */
const npmStart = (dir: string, env: Record<string, string>): NodeProcess =>
  startProcess('npm', ['start'], { cwd: dir, env: { PATH: NODE_ONLY_PATH, HOME: tmpdir(), ...env }, group: true });

/** Every symlink under `dir` that points outside it (or nowhere): a bundle must not need the repo. */
function escapingLinks(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isSymbolicLink()) {
        const target = path.resolve(path.dirname(full), readlinkSync(full));
        if (!target.startsWith(dir + path.sep) || !existsSync(target)) found.push(full);
      } else if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return found;
}

/**
 * `pnpm bundle`'s output, assembled from this run's build and copied outside the repository, each
 * started with `npm start` and only the README's variables: the API against a fresh database on
 * the run's PostgreSQL (e2e/global-setup.ts), the web app against the Clerk emulator (its key was
 * inlined by `pnpm build:emulator`).
 */
describe('the production bundles, copied outside the repo (npm start, Node only)', () => {
  let work: string;
  let report: BundleReport;
  let emulator: ClerkEmulator;
  /** The bundles' processes, stopped after the tests. */
  const running: NodeProcess[] = [];
  let browser: Browser | undefined;
  let webUrl = '';
  const bundle = (name: 'api' | 'web') => path.join(work, 'elsewhere', name);

  beforeAll(async () => {
    const t0 = Date.now();
    const phase = (what: string) => console.log(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    work = mkdtempSync(path.join(tmpdir(), 'stack-bundle-'));
    const started = Date.now();
    report = await assembleBundles({ root, out: path.join(work, 'assembled') });
    console.log(
      `bundles assembled in ${((Date.now() - started) / 1000).toFixed(1)} s: api ${(report.api.bytes / 1e6).toFixed(0)} MB, web ${(report.web.bytes / 1e6).toFixed(0)} MB`,
    );
    // "Copied anywhere": moved to another directory after assembly, so anything that remembered
    // where it was assembled (or where the repository is) breaks the start below.
    renameSync(path.join(work, 'assembled'), path.join(work, 'elsewhere'));

    webUrl = `http://localhost:${await freePort()}`;
    emulator = await startClerkEmulator({ seed: DEV_SEED, allowedOrigins: [webUrl] });
    phase('bundles moved, emulator up');
  }, 180_000);

  afterAll(async () => {
    await closeBrowser(browser);
    await Promise.all(running.map((p) => p.stop()));
    await emulator?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('holds production dependencies only, and nothing that points back into the repository', () => {
    for (const devOnly of ['vitest', '@nestjs/testing', 'playwright-core', 'typescript-eslint', '@stack/test-harness'])
      expect(existsSync(path.join(bundle('api'), 'node_modules', devOnly)), devOnly).toBe(false);
    expect(existsSync(path.join(bundle('api'), 'dist/main.js'))).toBe(true);
    expect(existsSync(path.join(bundle('api'), 'src'))).toBe(false); // apps/server's `files`: dist only
    expect(lstatSync(path.join(bundle('web'), 'apps/web/.next/static')).isDirectory()).toBe(true);
    for (const name of ['api', 'web'] as const) {
      const manifest = JSON.parse(readFileSync(path.join(bundle(name), 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
        dependencies?: Record<string, string>;
      };
      expect(manifest.scripts['start']).toMatch(/^exec node /);
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toMatch(/catalog:|workspace:/);
      expect(escapingLinks(bundle(name))).toEqual([]);
    }
  });

  it('refuses to start the web app with a bad variable, naming it', async () => {
    const bad = npmStart(bundle('web'), { PORT: '0', API_URL: 'not a url', CLERK_SECRET_KEY: emulator.secretKey });
    expect(await bad.exited).not.toBe(0);
    expect(bad.output()).toMatch(/API_URL: Must be an http:\/\/ or https:\/\/ URL/);
    expect(bad.output()).not.toContain(emulator.secretKey);
  });

  it('starts the API on PostgreSQL and the web app, each with npm start and the README’s variables', async () => {
    const api = npmStart(bundle('api'), {
      PORT: '0',
      HOST: '127.0.0.1',
      // An empty database, as a first deploy meets it: the API migrates it when it starts.
      DATABASE_URL: await createTestDatabase(inject('postgresAdminUrl'), { template: null }),
      CLERK_SECRET_KEY: emulator.secretKey,
      CLERK_PUBLISHABLE_KEY: emulator.publishableKey,
      CLERK_API_URL: emulator.url,
      CLERK_AUTHORIZED_PARTIES: webUrl,
      CLERK_WEBHOOK_SIGNING_SECRET: emulator.webhooks.secret,
    });
    running.push(api);
    const apiUrl = await api.waitForOutput(/Listening on (http:\/\/\S+)/);
    emulator.webhooks.addEndpoint(`${apiUrl}/webhooks/clerk`);
    expect((await fetch(`${apiUrl}/health/ready`)).status).toBe(200);

    const web = npmStart(bundle('web'), {
      PORT: new URL(webUrl).port,
      // Every interface, as in production (the README's default); the browser comes in as localhost.
      HOSTNAME: '0.0.0.0',
      APP_ORIGIN: webUrl,
      API_URL: apiUrl,
      CLERK_SECRET_KEY: emulator.secretKey,
      CLERK_API_URL: emulator.url,
      CLERK_FAPI_URL: emulator.url,
    });
    running.push(web);
    await web.waitForOutput(/Ready in/);
    const html = await (await fetch(`${webUrl}/sign-in`)).text();
    expect(html, 'the web build must carry the emulator’s key: build it with `pnpm build:emulator`').toContain(
      `data-clerk-publishable-key="${emulator.publishableKey}"`,
    );
  });

  it('signs in through the bundled web app and shows the profile the bundled API serves', async () => {
    browser = await launchChromium();
    const page = await browser.newPage();
    const shot = screenshotter(page, 'bundle');
    await signInWithPassword(page, webUrl, ADA, '/profile');
    await page.getByTestId('profile-email').waitFor();
    expect(await page.getByTestId('profile-email').textContent()).toBe(ADA.email);
    await shot('bundled-profile');
    const static200 = await page.evaluate(async () => {
      const script = document.querySelector<HTMLScriptElement>('script[src^="/_next/static/"]');
      return script ? (await fetch(script.src)).status : 0;
    });
    expect(static200).toBe(200);
  });
});
