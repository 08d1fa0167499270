import { existsSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { SERVER_MAIN, serverEnv, spawnBuiltServer } from '@stack/test-harness';
import { SseReader } from '@stack/test-kit';
import { createTestDatabase } from '@stack/test-kit/postgres';

import { request } from '../support/http.js';
import { seed, WEB_ORIGIN } from '../support/start-server.js';

/** SIGTERM on the built server process: drain in-flight requests, refuse new connections, exit 0. */
describe('graceful shutdown (dist/main.js)', { timeout: 60_000 }, () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    expect(existsSync(SERVER_MAIN), 'run `pnpm build` first').toBe(true);
    emulator = await startClerkEmulator({ seed });
  });
  afterAll(() => emulator?.close());

  /** The built server on a copy of the run's migrated PostgreSQL template. */
  const start = async (env: Record<string, string> = {}) =>
    spawnBuiltServer({
      ...serverEnv(emulator, { mode: 'jwt-key', authorizedParties: WEB_ORIGIN }),
      DATABASE_URL: await createTestDatabase(inject('postgresAdminUrl')),
      ...env,
    });

  /** profile.me for a user the server has not cached yet, while Clerk answers `getUser` slowly. */
  const slowRequest = async (url: string, delayMs: number) => {
    const user = await emulator.users.create({ email: `slow-${Date.now()}@example.com`, firstName: 'Slow' });
    const token = await emulator.mintSessionToken({ userId: user.id, azp: WEB_ORIGIN });
    emulator.stats.reset();
    emulator.faults.set('getUser', { delayMs, times: 1 });
    const response = request(`${url}/trpc/profile.me`, { headers: { authorization: `Bearer ${token}` } });
    // In flight once the server has asked Clerk.
    await expect.poll(() => emulator.stats.count('getUser')).toBe(1);
    return response;
  };

  it('finishes an in-flight request, refuses new connections, and exits 0', async () => {
    const server = await start();
    const url = await server.listening();
    expect((await request(`${url}/health/ready`)).status).toBe(200);
    const inFlight = slowRequest(url, 1_500);
    await new Promise((r) => setTimeout(r, 100)); // let the poll's own request settle
    const signalled = performance.now();
    server.child.kill('SIGTERM');
    // New connections are refused while the in-flight request is still being served.
    await expect
      .poll(
        () =>
          fetch(`${url}/health`).then(
            () => 'accepted',
            (e: Error) => String((e.cause as Error)?.message),
          ),
        {
          timeout: 1_000,
        },
      )
      .toMatch(/ECONNREFUSED/);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ result: { data: { firstName: 'Slow' } } });
    expect(await server.exited).toBe(0);
    const exitedAfter = Math.round(performance.now() - signalled);
    const drained = /drained in (\d+) ms/.exec(server.output());
    expect(drained, server.output()).not.toBeNull();
    console.log(
      `[shutdown] drain ${drained![1]} ms (in-flight request of ~1.5 s), exit ${exitedAfter} ms after SIGTERM`,
    );
  });

  it('turns not-ready at once and keeps serving for SHUTDOWN_DELAY_MS, so a load balancer can notice', async () => {
    const server = await start({ SHUTDOWN_DELAY_MS: '1500' });
    const url = await server.listening();
    server.child.kill('SIGTERM');
    await expect.poll(async () => (await request(`${url}/health/ready`)).status).toBe(503);
    const ready = await request(`${url}/health/ready`);
    expect(ready.json).toMatchObject({ notReady: ['shutting-down'] });
    expect(ready.headers.get('retry-after')).toBe('5');
    expect((await request(`${url}/health`)).status).toBe(200); // still live, still accepting
    expect(await server.exited).toBe(0);
  });

  it('ends live streams after SHUTDOWN_DELAY_MS with a retryable SERVICE_UNAVAILABLE, and never waits for them', async () => {
    const server = await start({ SHUTDOWN_DELAY_MS: '300' });
    const url = await server.listening();
    const userId = emulator.users.findByEmail('ada@example.com')!.id;
    const token = await emulator.mintSessionToken({ userId, azp: WEB_ORIGIN, organizationId: null });
    const streams = await Promise.all(
      [1, 2, 3].map(async () => {
        const res = await fetch(`${url}/trpc/note.changes`, { headers: { authorization: `Bearer ${token}` } });
        const reader = new SseReader(res.body!);
        await reader.first('connected');
        return reader;
      }),
    );
    const signalled = performance.now();
    server.child.kill('SIGTERM');
    const ends = await Promise.all(streams.map((reader) => reader.first('serialized-error', 5_000)));
    const endedAfter = performance.now() - signalled;
    for (const frame of ends) {
      expect(JSON.parse(frame.data)).toMatchObject({
        message: 'The server is shutting down; reconnect to resume',
        data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 },
      });
    }
    await Promise.all(streams.map((reader) => reader.closed));
    expect(await server.exited).toBe(0);
    const exitedAfter = performance.now() - signalled;
    // Kept open through the delay (a load balancer is still taking the instance out), then ended,
    // and the drain (up to 10 s by default) had nothing left to wait for.
    expect(endedAfter).toBeGreaterThanOrEqual(300);
    expect(exitedAfter).toBeLessThan(5_000);
    expect(server.output()).toMatch(/ended 3 live streams/);
    expect(server.output()).toMatch(/drained in \d+ ms/);
    console.log(
      `[shutdown] streams ended ${endedAfter.toFixed(0)} ms after SIGTERM (delay 300 ms), exit after ${exitedAfter.toFixed(0)} ms`,
    );
  });

  it('cuts requests still running after SHUTDOWN_DRAIN_TIMEOUT_MS and exits 0 all the same', async () => {
    const server = await start({ SHUTDOWN_DRAIN_TIMEOUT_MS: '300' });
    const url = await server.listening();
    const inFlight = slowRequest(url, 10_000).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    const signalled = performance.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(performance.now() - signalled, 'gave up within 5 s').toBeLessThan(5_000);
    expect(await inFlight).toBeInstanceOf(Error); // the connection was cut
    expect(server.output()).toMatch(/drain timed out after \d+ ms/);
    emulator.faults.clear();
  });
});
