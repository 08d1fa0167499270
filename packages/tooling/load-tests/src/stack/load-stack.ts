import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { serverEnv, WEB_ORIGIN } from '@stack/test-harness';
import { startThrowawayPostgres } from '@stack/test-kit/postgres';

import { fire } from '../load/fire.js';
import { Rotation } from '../load/rotation.js';
import { profileMe, traffic } from '../load/traffic.js';
import { type ServerProcess, startServerProcess } from './server-process.js';

interface LoadUser {
  id: string;
  /** Long-lived session tokens, so nothing expires during a run. */
  tokens: string[];
}

export interface LoadStack {
  emulator: ClerkEmulator;
  server: ServerProcess;
  /** performance.now() when the server fetched its keys (its first request, in the warm-up). */
  keysFetchedAt: number;
  /** Users whose profiles the server has loaded (warm caches). */
  users: LoadUser[];
  /** Creates users the server has never seen and a token for each. */
  coldUsers(count: number): Promise<LoadUser[]>;
  mint(userId: string): Promise<string>;
  close(): Promise<void>;
}

export interface LoadStackOptions {
  /** `jwks` fetches keys from the emulator; `jwt-key` is the networkless CLERK_JWT_KEY mode. */
  mode: 'jwks' | 'jwt-key';
  users: number;
  tokensPerUser: number;
  /** More of the server's environment (e.g. the rate limits, which are off by default). */
  env?: Record<string, string>;
  /** Seconds of traffic before the stack is handed over, so no scenario measures the JIT compiling the hot path. */
  jitWarmUpSeconds: number;
}

let created = 0;

/**
 * An in-process emulator with load users, and the built server wired to it, caches warmed. The
 * server runs in its production shape, on a PostgreSQL server of its own (a throwaway one): the
 * embedded PGlite would put a database engine's memory into the server process this measures.
 */
export async function startLoadStack(options: LoadStackOptions): Promise<LoadStack> {
  const emulator = await startClerkEmulator({});
  const postgres = await startThrowawayPostgres();
  const mint = (userId: string) => emulator.mintSessionToken({ userId, azp: WEB_ORIGIN, expiresInSeconds: 3600 });
  const makeUsers = async (count: number, tokens: number): Promise<LoadUser[]> => {
    const users: LoadUser[] = [];
    for (let i = 0; i < count; i++) {
      const { id } = await emulator.users.create({
        email: `load-${++created}@example.com`,
        firstName: 'Load',
        lastName: `User ${created}`,
      });
      users.push({ id, tokens: await Promise.all(Array.from({ length: tokens }, () => mint(id))) });
    }
    return users;
  };
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess({
      ...serverEnv(emulator, { mode: options.mode }),
      DATABASE_URL: postgres.url(),
      ...options.env,
    });
    const users = await makeUsers(options.users, options.tokensPerUser);
    const keysFetchedAt = performance.now();
    for (const user of users) {
      const res = await fetch(`${server.url}/trpc/profile.me`, {
        headers: { authorization: `Bearer ${user.tokens[0]}` },
      });
      if (res.status !== 200) throw new Error(`warm-up failed: ${res.status} ${await res.text()}`);
    }
    const tokens = new Rotation(users.flatMap((u) => u.tokens));
    await fire({
      url: server.url,
      connections: 10,
      durationSeconds: options.jitWarmUpSeconds,
      classes: [traffic('warm-up', 1, tokens, profileMe)],
    }).done;
    const running = server;
    return {
      emulator,
      server: running,
      keysFetchedAt,
      users,
      coldUsers: (count) => makeUsers(count, 1),
      mint,
      close: async () => {
        await running.stop();
        await emulator.close();
        await postgres.stop();
      },
    };
  } catch (error) {
    await server?.stop();
    await emulator.close();
    await postgres.stop();
    throw error;
  }
}
