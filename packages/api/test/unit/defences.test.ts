import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';

import { AccessRevokedError, type AuthState, NO_ACTIVE_ORG_MESSAGE, RateLimitedError } from '@stack/contracts';

import {
  apiResponseHeaders,
  appRouter,
  type CallAdmission,
  createTRPCContext,
  NOTE_VERSION_MAX,
} from '../../src/index.js';
import { InMemoryNoteService } from '../../src/testing/index.js';
import { InMemoryUsers } from './in-memory-users.js';
import { inMemoryServices } from './services.js';

const admin: AuthState = {
  userId: 'user_ada',
  sessionId: 'sess_a',
  orgId: 'org_acme',
  orgSlug: 'acme',
  orgRole: 'org:admin',
  orgPermissions: ['org:notes:read', 'org:notes:manage'],
};

function serve(
  request: Request,
  auth: AuthState | null,
  extra: { admission?: CallAdmission; notes?: InMemoryNoteService } = {},
) {
  const notes = extra.notes ?? new InMemoryNoteService();
  return fetchRequestHandler({
    endpoint: '/trpc',
    req: request,
    router: appRouter,
    responseMeta: ({ ctx, errors }) => ({ headers: apiResponseHeaders({ ctx, errors }) }),
    createContext: () =>
      createTRPCContext({
        auth,
        services: inMemoryServices(new InMemoryUsers(), notes),
        ...(extra.admission ? { admission: extra.admission } : {}),
      }),
  });
}

const post = (path: string, body: unknown) =>
  new Request(`http://localhost/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

type ErrorBody = { error: { message: string; data: Record<string, unknown> } };

describe('what input and hosts cannot turn into a 500', () => {
  it('bounds a note version to its column: 2³¹ is a 400 with a field error, 2³¹−1 passes validation', async () => {
    for (const path of ['note.update', 'note.delete']) {
      const res = await serve(post(path, { id: 'x', version: 2 ** 31, title: 't' }), admin);
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.data['zodError']).toMatchObject({
        fieldErrors: { version: [`Must be at most ${NOTE_VERSION_MAX}`] },
      });
    }
    // Valid input: the note is simply not there.
    expect((await serve(post('note.delete', { id: 'x', version: NOTE_VERSION_MAX }), admin)).status).toBe(404);
  });

  it('serves GET /trpc/note.list with no input as the first page', async () => {
    const notes = new InMemoryNoteService();
    await notes.create({ kind: 'org', orgId: 'org_acme', userId: 'user_ada' }, 'user_ada', { title: 'n', body: '' });
    const res = await serve(new Request('http://localhost/trpc/note.list'), admin, { notes });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { items: unknown[]; nextCursor: null } } };
    expect(body.result.data.items).toHaveLength(1);
    expect(body.result.data.nextCursor).toBeNull();
  });

  it('refuses the calls the host did not admit, before they run, with 429, Retry-After and retryAfter', async () => {
    const notes = new InMemoryNoteService();
    const refused = new RateLimitedError('user-writes', 12);
    // A batch of three creates: the host admitted the first only.
    const res = await serve(
      post('note.create,note.create,note.create?batch=1', { 0: { title: 'a' }, 1: { title: 'b' }, 2: { title: 'c' } }),
      admin,
      {
        notes,
        admission: { refusal: (i) => (i === 0 ? null : refused) },
      },
    );
    expect(res.status).toBe(207);
    expect(res.headers.get('retry-after')).toBe('12');
    const body = (await res.json()) as ({ result: unknown } | ErrorBody)[];
    expect('result' in body[0]!).toBe(true);
    for (const call of body.slice(1) as ErrorBody[]) {
      expect(call.error.message).toBe('Too many requests');
      expect(call.error.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', httpStatus: 429, retryAfter: 12 });
    }
    const scope = { kind: 'org', orgId: 'org_acme', userId: 'user_ada' } as const;
    expect((await notes.list(scope, { cursor: null, limit: 10 })).items.map((n) => n.title)).toEqual(['a']);
  });

  it('keeps other error shapes as they were (no retryAfter field)', async () => {
    const res = await serve(new Request('http://localhost/trpc/profile.me'), null);
    const body = (await res.json()) as ErrorBody;
    expect(Object.keys(body.error.data).sort()).toEqual(['code', 'current', 'httpStatus', 'path', 'zodError']);
  });

  it('answers a token whose organization access was revoked with 403 on scoped calls, never the personal notes', async () => {
    const revoked: AuthState = { ...admin, orgRole: null, orgPermissions: [] };
    for (const path of ['note.list', 'org.current']) {
      const res = await serve(new Request(`http://localhost/trpc/${path}`), revoked);
      expect(res.status).toBe(403);
      expect(((await res.json()) as ErrorBody).error.message).toBe(NO_ACTIVE_ORG_MESSAGE);
    }
  });

  it('answers a write the service refused because its writer was deleted meanwhile with 401, its organization 403', async () => {
    for (const [scope, status] of [
      ['user', 401],
      ['organization', 403],
    ] as const) {
      const notes = new InMemoryNoteService();
      notes.create = () => Promise.reject(new AccessRevokedError(scope));
      expect((await serve(post('note.create', { title: 'x' }), admin, { notes })).status).toBe(status);
    }
  });
});
