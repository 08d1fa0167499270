import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { DEV_SEED } from '@stack/test-harness';
import { freePort, type NodeProcess, startNode } from '@stack/test-kit';
import { createTestDatabase } from '@stack/test-kit/postgres';

// `pnpm dev`'s program, as built.
const DEV_SCRIPT = fileURLToPath(new URL('../dist/dev.js', import.meta.url));

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });

/**
 * `pnpm dev` with Clerk keys in the environment: no emulator of its own, both apps wired to "your
 * Clerk", here an emulator started apart on another port, reached as a real instance would be
 * (Backend API and JWKS at CLERK_API_URL, the Frontend API through the web app's /__clerk proxy,
 * webhooks signed with CLERK_WEBHOOK_SIGNING_SECRET).
 */
describe('pnpm dev against real Clerk (an emulator started apart, as if it were Clerk)', () => {
  let clerk: ClerkEmulator;
  let dev: NodeProcess;
  const ports = { web: 0, api: 0, emulator: 0 };
  let webOrigin = '';

  beforeAll(async () => {
    [ports.web, ports.api, ports.emulator] = [await freePort(), await freePort(), await freePort()];
    webOrigin = `http://localhost:${ports.web}`;
    clerk = await startClerkEmulator({ seed: DEV_SEED, allowedOrigins: [webOrigin] });
    clerk.webhooks.addEndpoint(`http://127.0.0.1:${ports.api}/webhooks/clerk`);
    // In a process group of its own, with exactly these variables: Ctrl-C reaches the whole group.
    dev = startNode(DEV_SCRIPT, {
      group: true,
      env: {
        CLERK_SECRET_KEY: clerk.secretKey,
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: clerk.publishableKey,
        CLERK_API_URL: clerk.url,
        // The emulator's host (clerk.emulator.local) resolves nowhere: the browser reaches it through
        // the web app's proxy, as with a Clerk production instance configured for proxying.
        NEXT_PUBLIC_CLERK_PROXY_URL: '/__clerk',
        CLERK_FAPI_URL: clerk.url,
        CLERK_WEBHOOK_SIGNING_SECRET: clerk.webhooks.secret,
        // A copy of the run's migrated template (global setup): the server's own migration finds it done.
        DATABASE_URL: await createTestDatabase(inject('postgresAdminUrl')),
        WEB_PORT: String(ports.web),
        API_PORT: String(ports.api),
        EMULATOR_PORT: String(ports.emulator),
      },
    });
    await dev.waitForOutput(/Listening on http/, 90_000);
    await dev.waitForOutput(/\[web\].*Ready in/, 90_000);
  }, 180_000);

  afterAll(async () => {
    dev?.signal('SIGKILL');
    await clerk?.close();
  });

  it('says it is in real-Clerk mode and starts no emulator', async () => {
    expect(dev.output()).toMatch(/Mode +real Clerk \(keys from the environment/);
    expect(dev.output()).toContain('Frontend API clerk.emulator.local (through /__clerk');
    expect(dev.output()).not.toContain('Seeded users');
    expect(await listening(ports.emulator)).toBe(false);
  });

  it('wires the API to that Clerk: its session tokens are verified (JWKS from CLERK_API_URL)', async () => {
    const token = await clerk.mintSessionToken({ userId: 'user_ada', azp: webOrigin });
    const res = await fetch(`http://127.0.0.1:${ports.api}/trpc/profile.me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('ada@example.com');
  });

  it('wires the web app to that Clerk: its Frontend API through /__clerk, a signed-in page rendered with the API', async () => {
    const environment = await fetch(`${webOrigin}/__clerk/v1/environment`);
    expect(environment.status).toBe(200);
    expect((await environment.json()) as object).toHaveProperty('object', 'environment');

    const token = await clerk.mintSessionToken({ userId: 'user_ada', azp: webOrigin });
    const { iat } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number };
    const page = await fetch(`${webOrigin}/profile`, {
      headers: { accept: 'text/html', cookie: `__session=${token}; __client_uat=${iat}` },
      redirect: 'manual',
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('ada@example.com'); // the server's prefetch of profile.me
  });

  it('receives that Clerk’s webhooks at the API (signed with CLERK_WEBHOOK_SIGNING_SECRET)', async () => {
    await clerk.users.update('user_grace', { firstName: 'Amazing' });
    await clerk.webhooks.settled();
    const updates = clerk.webhooks.log().filter((r) => r.type === 'user.updated');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.map((r) => r.state)).toEqual(updates.map(() => 'delivered'));
  });

  it('stops cleanly on Ctrl-C: exit 0, no report of an app exiting', async () => {
    // Ctrl-C as a terminal sends it: SIGINT to the whole process group.
    dev.signal('SIGINT');
    expect(await dev.exited).toBe(0);
    expect(dev.output()).not.toMatch(/exited|stopped;/);
  });
});
