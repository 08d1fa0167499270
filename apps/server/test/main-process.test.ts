import { existsSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { SERVER_MAIN, serverEnv, spawnBuiltServer } from '@stack/test-harness';
import { createTestDatabase } from '@stack/test-kit/postgres';

import { seed, WEB_ORIGIN } from './support/start-server.js';

describe('the built server process (dist/main.js)', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    expect(existsSync(SERVER_MAIN), 'run `pnpm build` first').toBe(true);
    emulator = await startClerkEmulator({ seed });
  });
  afterAll(() => emulator?.close());

  it('exits non-zero at boot naming each bad variable', async () => {
    const run = spawnBuiltServer({ PORT: 'nope', CLERK_PUBLISHABLE_KEY: 'pk_live_x' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('PORT:');
    expect(run.output()).toContain('CLERK_SECRET_KEY: is required');
    expect(run.output()).toContain('CLERK_PUBLISHABLE_KEY:');
    expect(run.output()).not.toContain('pk_live_x');
  });

  it.each([
    ['JWKS', {}],
    ['CLERK_JWT_KEY', { jwtKey: true }],
  ])(
    'starts, serves /health and profile.me (%s mode), and stops on SIGTERM',
    async (_mode, { jwtKey }: { jwtKey?: boolean }) => {
      // On a copy of the run's migrated PostgreSQL template: the production shape, and far cheaper
      // to start than an in-memory PGlite.
      const run = spawnBuiltServer({
        ...serverEnv(emulator, { mode: jwtKey ? 'jwt-key' : 'jwks', authorizedParties: WEB_ORIGIN }),
        DATABASE_URL: await createTestDatabase(inject('postgresAdminUrl')),
      });
      try {
        const url = await run.listening();
        expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok' });
        const ada = emulator.users.findByEmail('ada@example.com')!;
        const token = await emulator.mintSessionToken({ userId: ada.id, azp: WEB_ORIGIN });
        const res = await fetch(`${url}/trpc/profile.me`, { headers: { authorization: `Bearer ${token}` } });
        expect(await res.json()).toMatchObject({ result: { data: { email: 'ada@example.com' } } });
        expect(run.output()).not.toContain(token);

        // A refused token: the log names the reason, never the token.
        const foreign = await emulator.mintSessionToken({ userId: ada.id, azp: 'https://evil.example' });
        expect(
          (await fetch(`${url}/trpc/profile.me`, { headers: { authorization: `Bearer ${foreign}` } })).status,
        ).toBe(401);
        await expect.poll(() => run.output()).toContain('token-invalid-authorized-parties');
        expect(run.output()).not.toContain(foreign);
        expect(run.output()).not.toContain(foreign.split('.')[2]);
      } finally {
        run.child.kill('SIGTERM');
      }
      // The graceful shutdown drains, closes the app and exits 0.
      expect(await run.exited).toBe(0);
    },
  );
});
