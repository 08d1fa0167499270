import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { startThrowawayPostgres } from '@stack/db/testing';

import { fire } from '../load/fire.js';
import { Rotation } from '../load/rotation.js';
import { profileMe, traffic } from '../load/traffic.js';
import { type ServerProcess, startServerProcess } from './server-process.js';

const WEB_ORIGIN = 'http://localhost:3000';

interface LoadUser {
  id: string;
  /** Long-lived session tokens, so nothing expires during a run. */
  tokens: string[];
}

export interface LoadStack {
  emulator: ClerkEmulator;
  server: ServerProcess;
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
}

const JIT_WARM_UP_SECONDS = 3;
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
      CLERK_SECRET_KEY: emulator.secretKey,
      CLERK_PUBLISHABLE_KEY: emulator.publishableKey,
      CLERK_API_URL: emulator.url,
      CLERK_AUTHORIZED_PARTIES: WEB_ORIGIN,
      DATABASE_URL: postgres.url(),
      ...(options.mode === 'jwt-key' ? { CLERK_JWT_KEY: emulator.publicKeyPem } : {}),
      ...options.env,
    });
    const users = await makeUsers(options.users, options.tokensPerUser);
    for (const user of users) {
      const res = await fetch(`${server.url}/trpc/profile.me`, {
        headers: { authorization: `Bearer ${user.tokens[0]}` },
      });
      if (res.status !== 200) throw new Error(`warm-up failed: ${res.status} ${await res.text()}`);
    }
    // A few seconds of traffic first, so no scenario measures the JIT compiling the hot path.
    const tokens = new Rotation(users.flatMap((u) => u.tokens));
    await fire({
      url: server.url,
      connections: 10,
      durationSeconds: JIT_WARM_UP_SECONDS,
      classes: [traffic('warm-up', 1, tokens, profileMe)],
    }).done;
    const running = server;
    return {
      emulator,
      server: running,
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
