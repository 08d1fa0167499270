import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { serverEnv, WEB_ORIGIN } from '@stack/test-harness';
import { startThrowawayPostgres, type ThrowawayPostgres } from '@stack/test-kit/postgres';

import { type ServerProcess, startServerProcess } from './server-process.js';

export type NotesDatabaseKind = 'pglite' | 'postgres';

/**
 * The built server on a database that outlives it (a PGlite directory, or a throwaway
 * PostgreSQL), with an in-process emulator and one user writing personal notes: what the
 * database reliability scenarios kill, restart and take away.
 */
export interface NotesServerStack {
  emulator: ClerkEmulator;
  server: ServerProcess;
  /** The throwaway PostgreSQL (undefined on PGlite). */
  postgres: ThrowawayPostgres | undefined;
  token: string;
  /** A new server process on the same database (after the last one died); returns the ms until it listened. */
  restart(): Promise<number>;
  close(): Promise<void>;
}

/** `variables`: server variables beside the stack's own (e.g. the admission gate's limits). */
export async function startNotesServer(
  kind: NotesDatabaseKind,
  variables: Record<string, string> = {},
): Promise<NotesServerStack> {
  const emulator = await startClerkEmulator({});
  let dir: string | undefined;
  let postgres: ThrowawayPostgres | undefined;
  let server: ServerProcess | undefined;
  try {
    let database: Record<string, string>;
    if (kind === 'pglite') {
      // A real directory: memory:// would make "still there after a crash" meaningless.
      dir = mkdtempSync(path.join(tmpdir(), 'stack-load-pglite-'));
      database = { PGLITE_DIR: path.join(dir, 'pglite') };
    } else {
      postgres = await startThrowawayPostgres();
      database = { DATABASE_URL: postgres.url() };
    }
    const env = { ...variables, ...serverEnv(emulator, { mode: 'jwt-key' }), ...database };
    server = await startServerProcess(env);
    const user = await emulator.users.create({
      email: `notes-${kind}@example.com`,
      firstName: 'Note',
      lastName: 'Writer',
    });
    const token = await emulator.mintSessionToken({ userId: user.id, azp: WEB_ORIGIN, expiresInSeconds: 3600 });
    const stack: NotesServerStack = {
      emulator,
      server,
      postgres,
      token,
      restart: async () => {
        await stack.server.stop();
        const started = performance.now();
        stack.server = await startServerProcess(env);
        return performance.now() - started;
      },
      close: async () => {
        await stack.server.stop();
        await emulator.close();
        await postgres?.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    };
    return stack;
  } catch (error) {
    await server?.stop();
    await emulator.close();
    await postgres?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
