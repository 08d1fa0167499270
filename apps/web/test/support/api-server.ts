import { type AddressInfo, createServer, type Socket } from 'node:net';

import { createHTTPServer } from '@trpc/server/adapters/standalone';

import { appRouter, createTRPCContext } from '@stack/api';
import { InMemoryNoteChanges, InMemoryNoteService } from '@stack/api/testing';
import {
  type AuthState,
  type ProfilePatch,
  ServiceUnavailableError,
  type UserDirectory,
  UserNotFoundError,
  type UserProfile,
} from '@stack/contracts';

export const TEST_TOKEN = 'test-session-token';

/** A user directory the test steers: what it answers and when. */
export class SteeredUsers implements UserDirectory {
  profile: UserProfile = {
    id: 'user_ada',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    imageUrl: '',
    username: null,
    createdAt: 1,
    updatedAt: 1,
  };
  down = false;
  reads = 0;
  /** Every patch the API passed on, in order: what the form actually sent. */
  patches: ProfilePatch[] = [];
  /** Resolve to let a pending read answer (for the loading state). */
  gate: Promise<void> | null = null;

  async getProfile(userId: string): Promise<UserProfile> {
    this.reads++;
    if (this.gate) await this.gate;
    if (this.down) throw new ServiceUnavailableError('directory down', 5);
    if (userId !== this.profile.id) throw new UserNotFoundError(userId);
    return { ...this.profile };
  }

  async updateProfile(_userId: string, patch: ProfilePatch): Promise<UserProfile> {
    this.patches.push(patch);
    if (this.down) throw new ServiceUnavailableError('directory down', 5);
    this.profile = { ...this.profile, ...patch, updatedAt: this.profile.updatedAt + 1 };
    return { ...this.profile };
  }
}

const ada: AuthState = {
  userId: 'user_ada',
  sessionId: 'sess_1',
  orgId: null,
  orgSlug: null,
  orgRole: null,
  orgPermissions: [],
};

/**
 * The real app router behind tRPC's real HTTP adapter, on 127.0.0.1:0. Only the auth is simplified:
 * one fixed token stands for Ada (token verification is tested in the server's own suites).
 */
export async function startApiServer(users: SteeredUsers, notes = new InMemoryNoteService()) {
  const server = createHTTPServer({
    basePath: '/trpc/',
    router: appRouter,
    createContext: ({ req }) =>
      createTRPCContext({
        auth: req.headers.authorization === `Bearer ${TEST_TOKEN}` ? ada : null,
        services: { users, notes, noteChanges: new InMemoryNoteChanges(notes) },
      }),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An API that accepts connections and never answers, on 127.0.0.1:0 (a hung dependency). */
export async function startHungServer() {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
