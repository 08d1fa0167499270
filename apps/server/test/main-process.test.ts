import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';

import { seed, WEB_ORIGIN } from './support/start-server.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Runs the built server as the contract says: `node apps/server/dist/main.js`. */
function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], {
    // In-memory PGlite: parallel test processes must not share a data dir.
    env: { PATH: process.env['PATH'] ?? '', PGLITE_DIR: 'memory://', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, exited, output: () => output };
}

async function waitForUrl(output: () => string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /Listening on (http:\/\/\S+)/.exec(output());
    if (match) return match[1]!.replace('[::1]', '127.0.0.1');
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not start:\n${output()}`);
}

describe('the built server process (dist/main.js)', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    expect(existsSync(MAIN), 'run `pnpm build` first').toBe(true);
    emulator = await startClerkEmulator({ seed });
  });
  afterAll(() => emulator?.close());

  it('exits non-zero at boot naming each bad variable', async () => {
    const run = runMain({ PORT: 'nope', CLERK_PUBLISHABLE_KEY: 'pk_live_x' });
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
      const run = runMain({
        PORT: '0',
        HOST: '127.0.0.1',
        CLERK_SECRET_KEY: emulator.secretKey,
        CLERK_PUBLISHABLE_KEY: emulator.publishableKey,
        CLERK_API_URL: emulator.url,
        CLERK_AUTHORIZED_PARTIES: WEB_ORIGIN,
        ...(jwtKey ? { CLERK_JWT_KEY: emulator.publicKeyPem } : {}),
      });
      try {
        const url = await waitForUrl(run.output);
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
      // Nest's shutdown hooks close the app, then re-raise the signal for the default exit.
      expect([0, 'SIGTERM']).toContain(await run.exited);
    },
  );
});
