import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';

import type { AppRouter } from '@stack/api';
import type { ClerkEmulator } from '@stack/clerk-emulator';
import { type BuiltServer, serverEnv, spawnBuiltServer } from '@stack/test-harness';

import { WEB_ORIGIN } from './start-server.js';

export interface Instance {
  server: BuiltServer;
  url: string;
  /** A typed client for this instance only (no batching: one request per call, as a load balancer sees it). */
  client(token: string): TRPCClient<AppRouter>;
}

/** `count` built server processes on one PostgreSQL, started at the same moment, wired to `emulator`. */
export function startInstances(
  count: number,
  emulator: ClerkEmulator,
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<Instance[]> {
  return Promise.all(Array.from({ length: count }, () => startInstance(emulator, databaseUrl, env)));
}

/** One built server process on `databaseUrl`, wired to `emulator` (a replacement in a rolling restart). */
export async function startInstance(
  emulator: ClerkEmulator,
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<Instance> {
  const server = spawnBuiltServer({
    ...serverEnv(emulator, { mode: 'jwt-key', authorizedParties: WEB_ORIGIN }),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '4',
    ...env,
  });
  const url = await server.listening(90_000);
  return {
    server,
    url,
    client: (token) =>
      createTRPCClient<AppRouter>({
        links: [httpLink({ url: `${url}/trpc`, headers: { authorization: `Bearer ${token}` } })],
      }),
  };
}

/** SIGTERM every instance and wait for the exits. */
export async function stopInstances(instances: readonly Instance[]): Promise<void> {
  await Promise.all(instances.map((i) => i.server.stop()));
}
