import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createHTTPServer } from '@trpc/server/adapters/standalone';

import { appRouter, createTRPCContext } from '@stack/api';
import type { AuthState } from '@stack/contracts';

import { SteeredUsers } from './api-server';
import type { MemoryNotes } from './memory-notes';

const session = (userId: string, org: { id: string; role: string; permissions: string[] } | null): AuthState => ({
  userId,
  sessionId: `sess_${userId}`,
  orgId: org?.id ?? null,
  orgSlug: org ? org.id.replace(/^org_/, '') : null,
  orgRole: org?.role ?? null,
  orgPermissions: org?.permissions ?? [],
});

/**
 * One fixed token per caller the notes tests need (token verification has its own suites): Ada in
 * her personal space, Ada as admin of two organizations, Bob as a read-only member of acme.
 */
export const SESSIONS = {
  adaPersonal: session('user_ada', null),
  adaAcme: session('user_ada', {
    id: 'org_acme',
    role: 'org:admin',
    permissions: ['org:notes:read', 'org:notes:manage'],
  }),
  adaGlobex: session('user_ada', {
    id: 'org_globex',
    role: 'org:admin',
    permissions: ['org:notes:read', 'org:notes:manage'],
  }),
  bobAcme: session('user_bob', { id: 'org_acme', role: 'org:member', permissions: ['org:notes:read'] }),
  bobNoRead: session('user_bob', { id: 'org_acme', role: 'org:guest', permissions: [] }),
} satisfies Record<string, AuthState>;

export type SessionName = keyof typeof SESSIONS;
export const tokenFor = (name: SessionName) => `token-${name}`;

/**
 * Starts each event stream with `retry: 30`, as the server's own mount does with SSE_RECONNECT_MS
 * (tRPC's adapter sends none, and an EventSource then waits 3 s before reconnecting).
 */
function reconnectQuickly(res: ServerResponse): void {
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  let first = true;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (first && String(res.getHeader('content-type')) === 'text/event-stream') write('retry: 30\n\n');
    first = false;
    return write(chunk, ...rest);
  }) as typeof res.write;
}

/**
 * The real app router behind tRPC's real HTTP adapter on 127.0.0.1:0, with notes and their live
 * changes kept in memory.
 */
export async function startNotesApiServer(notes: MemoryNotes) {
  const users = new SteeredUsers();
  const byToken = new Map(
    Object.entries(SESSIONS).map(([name, auth]) => [`Bearer ${tokenFor(name as SessionName)}`, auth]),
  );
  const server = createHTTPServer({
    basePath: '/trpc/',
    router: appRouter,
    middleware: (_req, res, next) => {
      reconnectQuickly(res);
      next();
    },
    createContext: ({ req }) =>
      createTRPCContext({
        auth: byToken.get(req.headers.authorization ?? '') ?? null,
        services: { users, notes, noteChanges: notes },
      }),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
