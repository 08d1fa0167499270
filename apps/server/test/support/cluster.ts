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
export async function startInstances(
  count: number,
  emulator: ClerkEmulator,
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<Instance[]> {
  const servers = Array.from({ length: count }, () =>
    spawnBuiltServer({
      ...serverEnv(emulator, { mode: 'jwt-key', authorizedParties: WEB_ORIGIN }),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: '4',
      ...env,
    }),
  );
  const urls = await Promise.all(servers.map((s) => s.listening(90_000)));
  return servers.map((server, i) => ({
    server,
    url: urls[i]!,
    client: (token) =>
      createTRPCClient<AppRouter>({
        links: [httpLink({ url: `${urls[i]!}/trpc`, headers: { authorization: `Bearer ${token}` } })],
      }),
  }));
}

/** SIGTERM every instance and wait for the exits. */
export async function stopInstances(instances: readonly Instance[]): Promise<void> {
  await Promise.all(instances.map((i) => i.server.stop()));
}
