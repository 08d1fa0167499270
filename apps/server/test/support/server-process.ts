import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { ClerkEmulator } from '@stack/clerk-emulator';

import { WEB_ORIGIN } from './start-server.js';

/** The built server, run as the contract says: `node apps/server/dist/main.js`. */
export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface ServerChild {
  child: ChildProcess;
  output(): string;
  /** The exit code, or the signal's name when it was killed by one. */
  exited: Promise<number | string | null>;
  /** Resolves with the URL once the server logs that it listens. */
  listening(timeoutMs?: number): Promise<string>;
}

/** The built server's environment against `emulator`: loopback, any port, networkless verification (CLERK_JWT_KEY). */
export function serverEnvFor(emulator: ClerkEmulator, env: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    CLERK_SECRET_KEY: emulator.secretKey,
    CLERK_PUBLISHABLE_KEY: emulator.publishableKey,
    CLERK_API_URL: emulator.url,
    CLERK_AUTHORIZED_PARTIES: WEB_ORIGIN,
    CLERK_JWT_KEY: emulator.publicKeyPem,
    ...env,
  };
}

/** Starts `dist/main.js` with only PATH and `env` (in-memory PGlite unless `env` names a database). */
export function spawnServer(env: Record<string, string>): ServerChild {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env['PATH'] ?? '', PGLITE_DIR: 'memory://', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  const listening = async (timeoutMs = 60_000): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = /Listening on (http:\/\/\S+)/.exec(output);
      if (match) return match[1]!.replace('[::1]', '127.0.0.1');
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server did not start:\n${output}`);
  };
  return { child, output: () => output, exited, listening };
}
