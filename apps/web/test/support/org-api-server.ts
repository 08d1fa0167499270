import type { AddressInfo } from 'node:net';

import { createHTTPServer } from '@trpc/server/adapters/standalone';

import { appRouter, createTRPCContext } from '@stack/api';
import { InMemoryNoteChanges, InMemoryNoteService } from '@stack/api/testing';
import type { AuthState, UserDirectory } from '@stack/contracts';

const grace = { userId: 'user_grace', sessionId: 'sess_grace' };

/** One token per organization Grace can select, as Clerk would mint them. */
export const ORG_TOKENS: Record<'acme' | 'globex' | 'personal', { token: string; auth: AuthState }> = {
  acme: {
    token: 'token-acme',
    auth: { ...grace, orgId: 'org_acme', orgSlug: 'acme', orgRole: 'org:member', orgPermissions: ['org:notes:read'] },
  },
  globex: {
    token: 'token-globex',
    auth: {
      ...grace,
      orgId: 'org_globex',
      orgSlug: 'globex',
      orgRole: 'org:admin',
      orgPermissions: ['org:notes:read', 'org:notes:manage'],
    },
  },
  personal: {
    token: 'token-personal',
    auth: { ...grace, orgId: null, orgSlug: null, orgRole: null, orgPermissions: [] },
  },
};

const noUsers: UserDirectory = {
  getProfile: () => Promise.reject(new Error('not used')),
  updateProfile: () => Promise.reject(new Error('not used')),
};

/**
 * The real app router behind tRPC's HTTP adapter on 127.0.0.1:0, with a token per organization
 * (verification itself is tested in the server's suites). Counts the calls made with each token.
 */
export async function startOrgApiServer() {
  const notes = new InMemoryNoteService();
  const noteChanges = new InMemoryNoteChanges(notes);
  const callsByToken = new Map<string, number>();
  const server = createHTTPServer({
    basePath: '/trpc/',
    router: appRouter,
    createContext: ({ req }) => {
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
      callsByToken.set(token, (callsByToken.get(token) ?? 0) + 1);
      const entry = Object.values(ORG_TOKENS).find((candidate) => candidate.token === token);
      return createTRPCContext({ auth: entry?.auth ?? null, services: { users: noUsers, notes, noteChanges } });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    callsWith: (token: string) => callsByToken.get(token) ?? 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
