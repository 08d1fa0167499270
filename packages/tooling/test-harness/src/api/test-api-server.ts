import type { AddressInfo } from 'node:net';

import { createHTTPServer } from '@trpc/server/adapters/standalone';

import { appRouter, createTRPCContext } from '@stack/api';
import type { AuthState, NoteService, UserDirectory } from '@stack/contracts';

export interface TestApiServer {
  url: string;
  /** How many requests came with `Authorization: Bearer <token>`. */
  callsWith(token: string): number;
  close(): Promise<void>;
}

/**
 * The real app router behind tRPC's real HTTP adapter on 127.0.0.1:0, for client tests (the web
 * app's hooks and components). Only authentication is simplified: each token in `sessions`
 * stands for its AuthState (verification has its own suites); any other request is anonymous.
 */
export async function startTestApiServer(options: {
  sessions: Readonly<Record<string, AuthState>>;
  services: { users: UserDirectory; notes: NoteService };
}): Promise<TestApiServer> {
  const calls = new Map<string, number>();
  const server = createHTTPServer({
    basePath: '/trpc/',
    router: appRouter,
    createContext: ({ req }) => {
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
      calls.set(token, (calls.get(token) ?? 0) + 1);
      return createTRPCContext({ auth: options.sessions[token] ?? null, services: options.services });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    callsWith: (token) => calls.get(token) ?? 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
