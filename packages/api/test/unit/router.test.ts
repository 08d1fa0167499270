import { beforeEach, describe, expect, expectTypeOf, it } from 'vitest';

import {
  type AuthState,
  ServiceUnavailableError,
  UNAUTHORIZED_MESSAGE,
  type UserDirectory,
  type UserProfile,
} from '@stack/contracts';

import { apiResponseHeaders, createCaller, createTRPCContext, type RouterOutputs } from '../../src/index.js';
import { failingUsers, InMemoryUsers } from './in-memory-users.js';
import { rejection } from './rejection.js';
import { inMemoryServices } from './services.js';

const ada: AuthState = {
  userId: 'user_ada',
  sessionId: 'sess_1',
  orgId: 'org_acme',
  orgSlug: 'acme',
  orgRole: 'org:admin',
  orgPermissions: ['org:reports:read'],
};

describe('appRouter through the caller factory', () => {
  let users: InMemoryUsers;
  const callerFor = (auth: AuthState | null, directory: UserDirectory = users) =>
    createCaller(createTRPCContext({ auth, services: inMemoryServices(directory) }));

  beforeEach(() => {
    users = new InMemoryUsers();
    users.add({ id: 'user_ada', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
  });

  it('profile.me returns the caller’s profile', async () => {
    const me = await callerFor(ada).profile.me();
    expect(me).toMatchObject({ id: 'user_ada', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
    expectTypeOf(me).toEqualTypeOf<UserProfile>();
  });

  it.each([
    ['profile.me', (c: ReturnType<typeof callerFor>) => c.profile.me()],
    ['profile.update', (c: ReturnType<typeof callerFor>) => c.profile.update({ firstName: 'X' })],
    ['session.current', (c: ReturnType<typeof callerFor>) => c.session.current()],
  ])('%s refuses an anonymous caller with UNAUTHORIZED', async (_name, call) => {
    const error = await rejection(call(callerFor(null)));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toBe(UNAUTHORIZED_MESSAGE);
    expect(users.calls).toBe(0);
  });

  it('authenticates before validating input, so anonymous callers cannot probe the schema', async () => {
    const error = await rejection(callerFor(null).profile.update({ firstName: 42 } as never));
    expect(error.code).toBe('UNAUTHORIZED');
  });

  it('profile.update writes through and the next profile.me reflects it', async () => {
    const caller = callerFor(ada);
    const updated = await caller.profile.update({ firstName: '  Augusta ', lastName: 'King' });
    expect(updated).toMatchObject({ firstName: 'Augusta', lastName: 'King' });
    expect(await caller.profile.me()).toMatchObject({ firstName: 'Augusta', lastName: 'King' });
  });

  it.each([
    [{}, 'empty patch'],
    [{ firstName: '' }, 'empty name'],
    [{ firstName: '   ' }, 'blank name'],
    [{ firstName: 'x'.repeat(257) }, 'longer than Clerk accepts (256)'],
    [{ firstName: 'a\u0000b' }, 'NUL (control character)'],
    [{ firstName: 'a\u0007b' }, 'BEL (control character)'],
    [{ firstName: 'a\nb' }, 'line feed (control character)'],
    [{ firstName: 'a\u0085b' }, 'NEL (C1 control character)'],
    [{ firstName: 'a\u202ab' }, 'LRE (bidi embedding)'],
    [{ firstName: 'a\u202bb' }, 'RLE (bidi embedding)'],
    [{ firstName: 'a\u202cb' }, 'PDF (bidi pop)'],
    [{ firstName: 'a\u202db' }, 'LRO (bidi override)'],
    [{ firstName: 'a\u202eb' }, 'RLO (bidi override)'],
    [{ firstName: 'a\u2066b' }, 'LRI (bidi isolate)'],
    [{ firstName: 'a\u2067b' }, 'RLI (bidi isolate)'],
    [{ firstName: 'a\u2068b' }, 'FSI (bidi isolate)'],
    [{ firstName: 'a\u2069b' }, 'PDI (bidi isolate)'],
    [{ firstName: 'a\u2028b' }, 'line separator'],
    [{ lastName: 'a\ufeffb' }, 'zero-width no-break space inside (format character)'],
    [{ firstName: 'a\ud800b' }, 'lone high surrogate'],
    [{ firstName: 'a\udc00b' }, 'lone low surrogate'],
    [{ firstName: 'Ada', admin: true }, 'unknown key'],
    [{ firstName: 7 }, 'wrong type'],
  ] as [unknown, string][])('profile.update rejects bad input (%j: %s) with BAD_REQUEST', async (input) => {
    const error = await rejection(callerFor(ada).profile.update(input as never));
    expect(error.code).toBe('BAD_REQUEST');
    expect((await users.getProfile('user_ada')).firstName).toBe('Ada');
  });

  it.each([
    ['zero-width non-joiner (Persian)', 'نامه\u200Cای'],
    ['zero-width joiner (emoji sequence)', '👩\u200D💻'],
    ['a surrogate pair (astral character)', 'Ada 𝔄'],
    ['combining marks', 'Zoe\u0308'],
    ['exactly 256 characters (Clerk’s limit)', 'x'.repeat(256)],
  ])('profile.update accepts %s', async (_what, name) => {
    const updated = await callerFor(ada).profile.update({ lastName: name });
    expect(updated.lastName).toBe(name);
    expect((await users.getProfile('user_ada')).lastName).toBe(name);
  });

  it('profile.update with only one field leaves the other untouched, even one it would refuse', async () => {
    // A name set in Clerk's own UI (longer than this API once allowed) must not block an unrelated edit.
    users.add({ id: 'user_kim', email: 'kim@example.com', firstName: null, lastName: 'y'.repeat(200) });
    const kim = { ...ada, userId: 'user_kim' };
    const updated = await callerFor(kim).profile.update({ firstName: 'Kim' });
    expect(updated).toMatchObject({ firstName: 'Kim', lastName: 'y'.repeat(200) });
  });

  it('session.current returns the auth state without touching the directory', async () => {
    const current = await callerFor(ada).session.current();
    expect(current).toEqual(ada);
    expect(current).not.toBe(ada);
    expect(users.calls).toBe(0);
    expectTypeOf<RouterOutputs['session']['current']>().toEqualTypeOf<AuthState>();
  });

  it('maps a directory outage to SERVICE_UNAVAILABLE and a Retry-After header', async () => {
    const down = failingUsers(new ServiceUnavailableError('clerk down', 7));
    const error = await rejection(callerFor(ada, down).profile.me());
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).not.toContain('clerk');
    expect(apiResponseHeaders({ errors: [error] })).toEqual({ 'retry-after': '7' });
  });

  it('maps a vanished user to NOT_FOUND', async () => {
    const error = await rejection(callerFor({ ...ada, userId: 'user_gone' }).profile.me());
    expect(error.code).toBe('NOT_FOUND');
  });

  it('keeps unexpected failures INTERNAL_SERVER_ERROR (never a misleading code)', async () => {
    const broken = failingUsers(new Error('db password=hunter2'));
    const error = await rejection(callerFor(ada, broken).profile.me());
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('asks hosts not to cache responses for signed-in callers', () => {
    const ctx = createTRPCContext({ auth: ada, services: inMemoryServices(users) });
    expect(apiResponseHeaders({ ctx, errors: [] })).toEqual({ 'cache-control': 'private, no-store' });
    expect(apiResponseHeaders({ ctx: { ...ctx, auth: null }, errors: [] })).toEqual({});
  });
});
