import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';

import type { AppRouter } from '@stack/api';
import type { ClerkEmulator } from '@stack/clerk-emulator';

import { emulatorEnv } from './emulator-config.js';
import { type ServerChild, spawnServer } from './server-process.js';
import { WEB_ORIGIN } from './start-server.js';

export interface Instance {
  server: ServerChild;
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
  const server = spawnServer({
    ...emulatorEnv(emulator, { jwtKey: true, authorizedParties: WEB_ORIGIN }),
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
  for (const { server } of instances) if (server.child.exitCode === null) server.child.kill('SIGTERM');
  await Promise.all(instances.map((i) => i.server.exited));
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
