import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { beforeEach, describe, expect, expectTypeOf, it } from 'vitest';

import {
  type AuthState,
  MISSING_PERMISSION_MESSAGE,
  type Note,
  type NoteService,
  ServiceUnavailableError,
  UNAUTHORIZED_MESSAGE,
} from '@stack/contracts';

import { appRouter, createCaller, createTRPCContext, type RouterOutputs } from '../../src/index.js';
import { InMemoryNoteService } from '../../src/testing/index.js';
import { InMemoryUsers } from './in-memory-users.js';
import { rejection } from './rejection.js';
import { inMemoryServices } from './services.js';

const grace: AuthState = {
  userId: 'user_grace',
  sessionId: 'sess_g',
  orgId: null,
  orgSlug: null,
  orgRole: null,
  orgPermissions: [],
};
const admin = (orgId = 'org_acme'): AuthState => ({
  userId: 'user_ada',
  sessionId: 'sess_a',
  orgId,
  orgSlug: 'acme',
  orgRole: 'org:admin',
  orgPermissions: ['org:notes:read', 'org:notes:manage'],
});
const member: AuthState = {
  ...admin(),
  userId: 'user_bob',
  orgRole: 'org:member',
  orgPermissions: ['org:notes:read'],
};
const outsider: AuthState = { ...admin(), userId: 'user_eve', orgRole: 'org:guest', orgPermissions: [] };

describe('note router', () => {
  let notes: InMemoryNoteService;
  let users: InMemoryUsers;
  const callerFor = (auth: AuthState | null, service: NoteService = notes) =>
    createCaller(createTRPCContext({ auth, services: inMemoryServices(users, notes, service) }));

  beforeEach(() => {
    users = new InMemoryUsers();
    let clock = 1_000;
    notes = new InMemoryNoteService((id) => ({ id, name: id === 'user_ada' ? 'Ada' : null, imageUrl: null }));
    notes.now = () => clock++;
  });

  it('creates a note with version 1, trimmed title, empty body by default, in the active org', async () => {
    const note = await callerFor(admin()).note.create({ title: '  Plan  ' });
    expect(note).toMatchObject({
      title: 'Plan',
      body: '',
      orgId: 'org_acme',
      version: 1,
      author: { id: 'user_ada', name: 'Ada' },
    });
    expectTypeOf<RouterOutputs['note']['create']>().toEqualTypeOf<Note>();
  });

  it('lists newest first with a cursor, limit defaulting to 20', async () => {
    const caller = callerFor(admin());
    for (let i = 0; i < 23; i++) await caller.note.create({ title: `n${i}` });
    const first = await caller.note.list({});
    expect(first.items).toHaveLength(20);
    expect(first.items[0]!.title).toBe('n22');
    const second = await caller.note.list({ cursor: first.nextCursor, limit: 20 });
    expect(second.items.map((n) => n.title)).toEqual(['n2', 'n1', 'n0']);
    expect(second.nextCursor).toBeNull();
  });

  it('accepts the `direction` useInfiniteQuery adds to the input', async () => {
    await callerFor(admin()).note.create({ title: 'x' });
    const page = await callerFor(admin()).note.list({ limit: 5, direction: 'forward' } as never);
    expect(page.items).toHaveLength(1);
  });

  it('updates with the current version (version + 1) and refuses a stale one with CONFLICT and the fresh note', async () => {
    const caller = callerFor(admin());
    const note = await caller.note.create({ title: 'a', body: 'b' });
    const updated = await caller.note.update({ id: note.id, version: 1, body: 'c' });
    expect(updated).toMatchObject({ title: 'a', body: 'c', version: 2, editedBy: { id: 'user_ada', name: 'Ada' } });
    expect(note.editedBy).toBeNull();
    const error = await rejection(caller.note.update({ id: note.id, version: 1, title: 'lost' }));
    expect(error.code).toBe('CONFLICT');
    expect(await caller.note.byId({ id: note.id })).toMatchObject({ title: 'a', version: 2 });
  });

  it('puts the current note into a CONFLICT response’s data over HTTP', async () => {
    const note = await notes.create({ kind: 'org', orgId: 'org_acme', userId: 'user_ada' }, 'user_ada', {
      title: 'a',
      body: '',
    });
    await notes.update({ kind: 'org', orgId: 'org_acme', userId: 'user_bob' }, note.id, 1, { title: 'b' }, 'user_bob');
    const res = await fetchRequestHandler({
      endpoint: '/trpc',
      req: new Request('http://localhost/trpc/note.update', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: note.id, version: 1, title: 'c' }),
      }),
      router: appRouter,
      createContext: () => createTRPCContext({ auth: admin(), services: inMemoryServices(users, notes) }),
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { message: string; data: { code: string; current: Note } } };
    expect(body.error.data.code).toBe('CONFLICT');
    expect(body.error.data.current).toMatchObject({ id: note.id, title: 'b', version: 2 });
  });

  it('deletes with the current version and then the note is NOT_FOUND', async () => {
    const caller = callerFor(admin());
    const note = await caller.note.create({ title: 'a' });
    expect((await rejection(caller.note.delete({ id: note.id, version: 2 }))).code).toBe('CONFLICT');
    expect(await caller.note.delete({ id: note.id, version: 1 })).toEqual({ id: note.id });
    expect((await rejection(caller.note.byId({ id: note.id }))).code).toBe('NOT_FOUND');
  });

  it('without an active org, the caller’s personal notes only', async () => {
    const mine = await callerFor(grace).note.create({ title: 'mine' });
    expect(mine.orgId).toBeNull();
    await callerFor(admin()).note.create({ title: 'org note' });
    expect((await callerFor(grace).note.list({})).items.map((n) => n.title)).toEqual(['mine']);
    const other = { ...grace, userId: 'user_ada' };
    expect((await callerFor(other).note.list({})).items).toEqual([]);
    expect((await rejection(callerFor(other).note.byId({ id: mine.id }))).code).toBe('NOT_FOUND');
    expect((await rejection(callerFor(admin()).note.byId({ id: mine.id }))).code).toBe('NOT_FOUND');
  });

  it('a note of another org is NOT_FOUND for every procedure', async () => {
    const theirs = await callerFor(admin('org_globex')).note.create({ title: 'secret' });
    const caller = callerFor(admin());
    for (const call of [
      caller.note.byId({ id: theirs.id }),
      caller.note.update({ id: theirs.id, version: 1, title: 'x' }),
      caller.note.delete({ id: theirs.id, version: 1 }),
    ])
      expect((await rejection(call)).code).toBe('NOT_FOUND');
    expect((await caller.note.list({})).items).toEqual([]);
    expect(await callerFor(admin('org_globex')).note.byId({ id: theirs.id })).toMatchObject({ version: 1 });
  });

  describe('role matrix', () => {
    type Call = (c: ReturnType<typeof callerFor>, id: string) => Promise<unknown>;
    const calls: [string, Call, 'read' | 'manage'][] = [
      ['note.list', (c) => c.note.list({}), 'read'],
      ['note.byId', (c, id) => c.note.byId({ id }), 'read'],
      ['note.create', (c) => c.note.create({ title: 't' }), 'manage'],
      ['note.update', (c, id) => c.note.update({ id, version: 1, title: 'u' }), 'manage'],
      ['note.delete', (c, id) => c.note.delete({ id, version: 1 }), 'manage'],
    ];
    let id: string;
    beforeEach(async () => {
      id = (await callerFor(admin()).note.create({ title: 'seed' })).id;
    });

    it.each(calls)('%s: anonymous → UNAUTHORIZED, before input validation', async (_n, call) => {
      const error = await rejection(call(callerFor(null), 42 as never));
      expect(error.code).toBe('UNAUTHORIZED');
      expect(error.message).toBe(UNAUTHORIZED_MESSAGE);
    });

    it.each(calls)('%s: a role without the permission → FORBIDDEN, before input validation', async (_n, call, need) => {
      const refused = need === 'read' ? [outsider] : [outsider, member];
      for (const auth of refused) {
        const error = await rejection(call(callerFor(auth), 42 as never));
        expect(error.code).toBe('FORBIDDEN');
        expect(error.message).toBe(MISSING_PERMISSION_MESSAGE);
      }
    });

    it.each(calls)('%s: allowed for admin; for member only when reading', async (_n, call, need) => {
      if (need === 'read') await expect(call(callerFor(member), id)).resolves.toBeDefined();
      await expect(call(callerFor(admin()), id)).resolves.toBeDefined();
    });
  });

  it.each([
    ['note.create', { title: '' }],
    ['note.create', { title: '   ' }],
    ['note.create', { title: 'x'.repeat(121) }],
    ['note.create', { title: 'a\u0000b' }],
    ['note.create', { title: 'a\u202eb' }],
    ['note.create', { title: 'ok', body: 'x'.repeat(10_001) }],
    ['note.create', { title: 'ok', body: 'a\ud800b' }],
    ['note.create', { title: 'ok', body: 'a\u202eb' }],
    ['note.create', { title: 'ok', body: 'a\u0000b' }],
    ['note.create', { title: 'ok', body: 'a\rb' }],
    ['note.create', { title: 'two\nlines' }],
    ['note.create', { title: 'ok', orgId: 'org_globex' }],
    ['note.update', { id: 'x', version: 1 }],
    ['note.update', { id: 'x', version: 0, title: 'a' }],
    ['note.update', { id: 'x', version: 1.5, title: 'a' }],
    ['note.delete', { id: '', version: 1 }],
    ['note.list', { limit: 0 }],
    ['note.list', { limit: 51 }],
    ['note.list', { limit: 2.5 }],
    ['note.byId', { id: 7 }],
  ] as [string, Record<string, unknown>][])('%s rejects %j with BAD_REQUEST', async (name, input) => {
    const caller = callerFor(admin()) as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
    const [router, proc] = name.split('.') as [string, string];
    expect((await rejection(caller[router]![proc]!(input))).code).toBe('BAD_REQUEST');
    expect(
      (await notes.list({ kind: 'org', orgId: 'org_acme', userId: 'user_ada' }, { cursor: null, limit: 50 })).items,
    ).toEqual([]);
  });

  it('accepts line breaks and tabs in a body (prose), and joiners anywhere', async () => {
    const note = await callerFor(admin()).note.create({ title: 'می\u200cخواهم', body: 'first line\n\tsecond line' });
    expect(note.body).toBe('first line\n\tsecond line');
  });

  it('accepts a 120-character title and a 10,000-character body', async () => {
    const note = await callerFor(admin()).note.create({ title: 'x'.repeat(120), body: 'y'.repeat(10_000) });
    expect(note.title).toHaveLength(120);
  });

  it('answers a tampered cursor with BAD_REQUEST and an unknown id with NOT_FOUND', async () => {
    expect((await rejection(callerFor(admin()).note.list({ cursor: 'not-a-cursor' }))).code).toBe('BAD_REQUEST');
    expect((await rejection(callerFor(admin()).note.byId({ id: "'; drop table notes;--" }))).code).toBe('NOT_FOUND');
  });

  it('maps a database outage to SERVICE_UNAVAILABLE', async () => {
    const down = new Proxy({} as NoteService, {
      get: () => () => Promise.reject(new ServiceUnavailableError('db down', 3)),
    });
    expect((await rejection(callerFor(admin(), down).note.list({}))).code).toBe('SERVICE_UNAVAILABLE');
  });
});
