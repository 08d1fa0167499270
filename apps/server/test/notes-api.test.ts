import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AppRouter } from '@stack/api';
import type { Note } from '@stack/contracts';
import type { OpenDatabase } from '@stack/db';

import { DATABASE } from '../src/db/db.tokens.js';
import { orgClaims } from './support/org-fixtures.js';
import { startServer, type TestStack, WEB_ORIGIN } from './support/start-server.js';
import { DATABASES, testDatabaseEnv } from './support/test-database.js';

async function code(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return (error as TRPCClientError<AppRouter>).data?.code as string;
}

/** The role matrix on every notes procedure, through the real Nest server, with emulator-minted tokens, on both databases. */
describe.each(DATABASES)('notes through the real server on %s', (kind) => {
  let stack: TestStack;
  const token = (userId: string, org?: [string, 'admin' | 'member' | 'guest']) =>
    stack.emulator.mintSessionToken({ userId, azp: WEB_ORIGIN, claims: org ? orgClaims(...org) : { o: undefined } });

  beforeAll(async () => {
    stack = await startServer('jwt-key', await testDatabaseEnv(kind));
    // The parametrization is real: the server opened the database this run is about.
    expect(stack.app.get<OpenDatabase>(DATABASE).kind).toBe(kind);
  }, 120_000);
  afterAll(() => stack?.close());

  it('admin creates, lists, updates and deletes acme notes; authors come from the users table', async () => {
    const c = stack.client(await token(stack.adaId, ['org_acme', 'admin']));
    const note = await c.note.create.mutate({ title: '  Hello ', body: 'b' });
    expect(note).toMatchObject({
      title: 'Hello',
      orgId: 'org_acme',
      version: 1,
      author: { id: stack.adaId, name: 'Ada Lovelace' },
    });
    expect((await c.note.list.query({})).items.map((n) => n.id)).toContain(note.id);
    expect(note.editedBy).toBeNull();
    const updated = await c.note.update.mutate({ id: note.id, version: 1, body: 'c' });
    expect(updated).toMatchObject({ version: 2, editedBy: { id: stack.adaId, name: 'Ada Lovelace' } });
    expect((await c.note.list.query({})).items.find((n) => n.id === note.id)?.editedBy).toEqual(updated.editedBy);
    expect((await c.note.byId.query({ id: note.id })).editedBy).toEqual(updated.editedBy);
    const conflict = await c.note.update.mutate({ id: note.id, version: 1, title: 'x' }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(TRPCClientError);
    const data = (conflict as TRPCClientError<AppRouter>).data as unknown as {
      code: string;
      httpStatus: number;
      current: Note;
    };
    expect(data).toMatchObject({ code: 'CONFLICT', httpStatus: 409, current: { id: note.id, version: 2, body: 'c' } });
    expect(await c.note.delete.mutate({ id: note.id, version: 2 })).toEqual({ id: note.id });
    expect(await code(c.note.byId.query({ id: note.id }))).toBe('NOT_FOUND');
  });

  // `personal`: no active organization (Grace's personal notes); `other org`: an admin of another
  // organization (Ada in globex), for whom an acme note does not exist.
  type Who = 'anonymous' | 'admin' | 'member' | 'guest' | 'personal' | 'other org';
  const matrix: [string, (c: ReturnType<TestStack['client']>, id: string) => Promise<unknown>, Record<Who, string>][] =
    [
      [
        'note.list',
        // The page is answered either way; what differs is whether the acme note is on it.
        (c, id) =>
          c.note.list.query({ limit: 50 }).then((p) => (p.items.some((n) => n.id === id) ? 'ok' : 'ok, not listed')),
        {
          anonymous: 'UNAUTHORIZED',
          admin: 'ok',
          member: 'ok',
          guest: 'FORBIDDEN',
          personal: 'ok, not listed',
          'other org': 'ok, not listed',
        },
      ],
      [
        'note.byId',
        (c, id) => c.note.byId.query({ id }),
        {
          anonymous: 'UNAUTHORIZED',
          admin: 'ok',
          member: 'ok',
          guest: 'FORBIDDEN',
          personal: 'NOT_FOUND',
          'other org': 'NOT_FOUND',
        },
      ],
      [
        'note.create',
        (c) => c.note.create.mutate({ title: 't' }),
        {
          anonymous: 'UNAUTHORIZED',
          admin: 'ok',
          member: 'FORBIDDEN',
          guest: 'FORBIDDEN',
          personal: 'ok',
          'other org': 'ok',
        },
      ],
      [
        'note.update',
        (c, id) => c.note.update.mutate({ id, version: 1, title: 'u' }),
        {
          anonymous: 'UNAUTHORIZED',
          admin: 'ok',
          member: 'FORBIDDEN',
          guest: 'FORBIDDEN',
          personal: 'NOT_FOUND',
          'other org': 'NOT_FOUND',
        },
      ],
      [
        'note.delete',
        (c, id) => c.note.delete.mutate({ id, version: 1 }),
        {
          anonymous: 'UNAUTHORIZED',
          admin: 'ok',
          member: 'FORBIDDEN',
          guest: 'FORBIDDEN',
          personal: 'NOT_FOUND',
          'other org': 'NOT_FOUND',
        },
      ],
    ];

  it.each(matrix)(
    '%s: the role matrix (anonymous, org admin/member/guest, no org, other org)',
    async (_name, call, expected) => {
      const admin = stack.client(await token(stack.adaId, ['org_acme', 'admin']));
      const clients: Record<Who, ReturnType<TestStack['client']>> = {
        anonymous: stack.client(),
        admin,
        member: stack.client(await token(stack.graceId, ['org_acme', 'member'])),
        guest: stack.client(await token(stack.graceId, ['org_acme', 'guest'])),
        personal: stack.client(await token(stack.graceId)),
        'other org': stack.client(await token(stack.adaId, ['org_globex', 'admin'])),
      };
      for (const who of ['anonymous', 'guest', 'member', 'personal', 'other org', 'admin'] as Who[]) {
        const { id } = await admin.note.create.mutate({ title: `for ${who}` });
        const outcome = await call(clients[who], id).then(
          (result) => (typeof result === 'string' ? result : 'ok'),
          (e: unknown) => (e as TRPCClientError<AppRouter>).data?.code as string,
        );
        expect(outcome, who).toBe(expected[who]);
      }
    },
  );

  it('another org’s admin gets NOT_FOUND for an acme note and a bad cursor is BAD_REQUEST', async () => {
    const acme = stack.client(await token(stack.adaId, ['org_acme', 'admin']));
    const { id } = await acme.note.create.mutate({ title: 'acme only' });
    const globex = stack.client(await token(stack.adaId, ['org_globex', 'admin']));
    expect(await code(globex.note.byId.query({ id }))).toBe('NOT_FOUND');
    expect(await code(globex.note.update.mutate({ id, version: 1, title: 'x' }))).toBe('NOT_FOUND');
    expect((await globex.note.list.query({ limit: 50 })).items.map((n) => n.id)).not.toContain(id);
    expect(await code(acme.note.list.query({ cursor: 'tampered' }))).toBe('BAD_REQUEST');
    expect(await code(acme.note.byId.query({ id: 'not-a-uuid' }))).toBe('NOT_FOUND');
  });
});
