import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';

import type { AuthState, UserDirectory } from '@stack/contracts';

import { appRouter, createTRPCContext } from '../../src/index.js';
import { failingUsers } from './in-memory-users.js';
import { inMemoryServices } from './services.js';

const ada: AuthState = {
  userId: 'user_ada',
  sessionId: 'sess_1',
  orgId: null,
  orgSlug: null,
  orgRole: null,
  orgPermissions: [],
};

/** The router behind a real tRPC HTTP handler, as any host serves it. */
function serve(users: UserDirectory, path: string, init?: RequestInit) {
  return fetchRequestHandler({
    endpoint: '/trpc',
    req: new Request(`http://localhost/trpc/${path}`, init),
    router: appRouter,
    createContext: () => createTRPCContext({ auth: ada, services: inMemoryServices(users) }),
  });
}

describe('error responses over HTTP', () => {
  it('hides an internal error’s message and stack from the client', async () => {
    const broken = failingUsers(new Error('connect ECONNREFUSED db password=hunter2'));
    const res = await serve(broken, 'profile.me');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      error: { message: 'Internal server error', data: { code: 'INTERNAL_SERVER_ERROR' } },
    });
    expect(text).not.toMatch(/hunter2|ECONNREFUSED|stack|\.ts:\d+/);
  });

  it('gives 400 with field errors for bad input', async () => {
    const users = failingUsers(new Error('unused'));
    const res = await serve(users, 'profile.update', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: '', lastName: 'x'.repeat(300) }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { data: { zodError: { fieldErrors: Record<string, string[]> } } } };
    expect(body.error.data.zodError.fieldErrors).toEqual({
      firstName: ['Must not be empty'],
      lastName: ['Must be at most 256 characters'],
    });
  });
});
