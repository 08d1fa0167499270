import { randomUUID } from 'node:crypto';

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  ConflictError,
  InvalidInputError,
  type Note,
  type NotePage,
  type NoteScope,
  NotFoundError,
  ServiceUnavailableError,
} from '@stack/contracts';

import { DrizzleNoteService, type OpenDatabase, schema } from '../src/index.js';
import { encodeNoteCursor } from '../src/notes/note-cursor.js';
import { CountingDirectory } from './support/counting-directory.js';
import { DRIVERS, openTestDatabase } from './support/test-database.js';

const acme: NoteScope = { kind: 'org', orgId: 'org_acme', userId: 'user_ada' };
const globex: NoteScope = { kind: 'org', orgId: 'org_globex', userId: 'user_grace' };
const grace: NoteScope = { kind: 'personal', userId: 'user_grace' };
const ada: NoteScope = { kind: 'personal', userId: 'user_ada' };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe.each(DRIVERS)('DrizzleNoteService on %s', (driver) => {
  let open: OpenDatabase;
  let directory: CountingDirectory;
  let notes: DrizzleNoteService;

  beforeAll(async () => {
    open = await openTestDatabase(driver);
  }, 120_000);
  afterAll(() => open?.close());

  beforeEach(async () => {
    await open.db.execute(sql`truncate notes, users, memberships, organizations restart identity cascade`);
    directory = new CountingDirectory()
      .add('user_ada', 'Ada', 'Lovelace')
      .add('user_grace', 'Grace')
      .add('user_bob', null);
    notes = new DrizzleNoteService(open.db, directory);
  });

  it('creates a note with version 1 and its author loaded once from the directory and stored', async () => {
    const first = await notes.create(acme, 'user_ada', { title: 'Plan', body: 'b' });
    expect(first).toMatchObject({
      title: 'Plan',
      body: 'b',
      orgId: 'org_acme',
      version: 1,
      author: { id: 'user_ada', name: 'Ada Lovelace', imageUrl: 'https://img.example/user_ada.png' },
    });
    expect(first.createdAt).toBe(first.updatedAt);
    await notes.create(acme, 'user_ada', { title: 'Again', body: '' });
    // A fresh service (another instance) finds the user in the table: still one load in all.
    await new DrizzleNoteService(open.db, directory).create(acme, 'user_ada', { title: 'Third', body: '' });
    expect(directory.loads).toBe(1);
    const rows = await open.db.select().from(schema.users);
    expect(rows.map((r) => r.id)).toEqual(['user_ada']);
  });

  it('concurrent first notes of a new author load it once', async () => {
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => notes.create(grace, 'user_grace', { title: `g${i}`, body: '' })),
    );
    expect(directory.loads).toBe(1);
  });

  it('a user without a name shows name null', async () => {
    const note = await notes.create(acme, 'user_bob', { title: 't', body: '' });
    expect(note.author).toMatchObject({ id: 'user_bob', name: null });
    expect((await notes.byId(acme, note.id)).author.name).toBeNull();
  });

  it('lists newest first in keyset pages with authors, and the last page has no cursor', async () => {
    for (let i = 0; i < 7; i++)
      await notes.create(acme, i % 2 ? 'user_ada' : 'user_grace', { title: `n${i}`, body: '' });
    const seen: Note[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await notes.list(acme, { cursor, limit: 3 });
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((n) => n.title)).toEqual(['n6', 'n5', 'n4', 'n3', 'n2', 'n1', 'n0']);
    expect(seen[0]!.author.name).toBe('Grace');
    expect(seen[1]!.author.name).toBe('Ada Lovelace');
    expect((await notes.list(acme, { cursor: null, limit: 7 })).nextCursor).toBeNull();
  });

  it('orders notes created in the same millisecond by id, without duplicates or skips across pages', async () => {
    const at = new Date('2026-01-01T00:00:00.000Z');
    await notes.create(acme, 'user_ada', { title: 'seed', body: '' });
    await open.db.insert(schema.notes).values(
      Array.from({ length: 10 }, (_, i) => ({
        orgId: 'org_acme',
        authorId: 'user_ada',
        title: `same${i}`,
        createdAt: at,
        updatedAt: at,
      })),
    );
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await notes.list(acme, { cursor, limit: 3 });
      ids.push(...page.items.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(11);
    expect(new Set(ids).size).toBe(11);
    expect(ids.slice(1)).toEqual([...ids.slice(1)].sort().reverse());
  });

  it('pagination under concurrent inserts never duplicates or skips an older note', async () => {
    for (let i = 0; i < 30; i++) await notes.create(acme, 'user_ada', { title: `old${i}`, body: '' });
    const older = (await notes.list(acme, { cursor: null, limit: 50 })).items.map((n) => n.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let writer = 0;
    do {
      const [page]: [NotePage, ...unknown[]] = await Promise.all([
        notes.list(acme, { cursor, limit: 4 }),
        notes.create(acme, 'user_ada', { title: `new${writer++}`, body: '' }),
        notes.create(acme, 'user_grace', { title: `new${writer++}`, body: '' }),
      ]);
      seen.push(...page.items.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => older.includes(id))).toEqual(older);
  });

  it('a tampered or malformed cursor is InvalidInputError', async () => {
    const good = encodeNoteCursor({ createdAt: new Date(5), id: randomUUID() });
    for (const bad of [
      'garbage',
      '',
      good.slice(0, -2),
      `${good}x`,
      Buffer.from('v1:abc:nope').toString('base64url'),
      Buffer.from(`v1:99999999999999999:${randomUUID()}`).toString('base64url'),
      Buffer.from(`v2:5:${randomUUID()}`).toString('base64url'),
      "'; drop table notes;--",
    ])
      expect(await failure(notes.list(acme, { cursor: bad, limit: 5 }))).toBeInstanceOf(InvalidInputError);
    await expect(notes.list(acme, { cursor: good, limit: 5 })).resolves.toMatchObject({ items: [] });
  });

  describe('tenancy isolation', () => {
    let orgNote: Note;
    let graceNote: Note;
    beforeEach(async () => {
      orgNote = await notes.create(acme, 'user_ada', { title: 'acme secret', body: '' });
      graceNote = await notes.create(grace, 'user_grace', { title: 'grace diary', body: '' });
      await notes.create(globex, 'user_grace', { title: 'globex', body: '' });
    });

    const hostileScopes: [string, () => NoteScope, () => Note][] = [
      ['another org sees an acme note', () => globex, () => orgNote],
      ['the author’s personal space sees their acme note', () => ada, () => orgNote],
      ['an org sees a member’s personal note', () => acme, () => graceNote],
      ['another user sees a personal note', () => ada, () => graceNote],
      [
        'an org id equal to the user id',
        () => ({ kind: 'org', orgId: 'user_grace', userId: 'user_grace' }),
        () => graceNote,
      ],
      ['an empty org id', () => ({ kind: 'org', orgId: '', userId: 'user_grace' }), () => graceNote],
    ];
    it.each(hostileScopes)(
      '%s: NotFoundError for byId, update and delete, and absent from list',
      async (_n, scope, note) => {
        const s = scope();
        const n = note();
        for (const call of [
          () => notes.byId(s, n.id),
          () => notes.update(s, n.id, 1, { title: 'x' }, 'user_ada'),
          () => notes.delete(s, n.id, 1),
        ])
          expect(await failure(call())).toBeInstanceOf(NotFoundError);
        expect((await notes.list(s, { cursor: null, limit: 50 })).items.map((i) => i.id)).not.toContain(n.id);
        expect(await notes.byId(n.orgId ? acme : grace, n.id)).toMatchObject({ version: 1, title: n.title });
      },
    );

    it.each(['', 'not-a-uuid', '00000000-0000-0000-0000-00000000000g', "' or 1=1 --", randomUUID(), 'ÄÖ'.repeat(20)])(
      'a malformed or unknown id (%j) is NotFoundError, never a database error',
      async (id) => {
        for (const call of [
          () => notes.byId(acme, id),
          () => notes.update(acme, id, 1, { title: 'x' }, 'user_ada'),
          () => notes.delete(acme, id, 1),
        ])
          expect(await failure(call())).toBeInstanceOf(NotFoundError);
      },
    );

    it('lists only the scope’s notes', async () => {
      expect((await notes.list(acme, { cursor: null, limit: 50 })).items.map((n) => n.title)).toEqual(['acme secret']);
      expect((await notes.list(grace, { cursor: null, limit: 50 })).items.map((n) => n.title)).toEqual(['grace diary']);
      expect((await notes.list(ada, { cursor: null, limit: 50 })).items).toEqual([]);
    });
  });

  it('updates with the current version and refuses a stale one with the current note, writing nothing', async () => {
    const note = await notes.create(acme, 'user_ada', { title: 'a', body: 'b' });
    const updated = await notes.update(acme, note.id, 1, { body: 'c' }, 'user_grace');
    expect(note.editedBy).toBeNull();
    expect(updated).toMatchObject({
      title: 'a',
      body: 'c',
      version: 2,
      author: { name: 'Ada Lovelace' },
      editedBy: { id: 'user_grace', name: 'Grace', imageUrl: 'https://img.example/user_grace.png' },
    });
    expect(updated.updatedAt).toBeGreaterThanOrEqual(note.updatedAt);
    const conflict = await failure(notes.update(acme, note.id, 1, { title: 'lost' }, 'user_ada'));
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).current).toEqual(updated);
    expect(await notes.byId(acme, note.id)).toEqual(updated);
    const stale = await failure(notes.delete(acme, note.id, 1));
    expect((stale as ConflictError).current).toEqual(updated);
    expect(await notes.delete(acme, note.id, 2)).toEqual({ id: note.id });
    expect(await failure(notes.byId(acme, note.id))).toBeInstanceOf(NotFoundError);
  });

  it('concurrent updates of one version: exactly one wins, the others conflict', async () => {
    const note = await notes.create(acme, 'user_ada', { title: 'a', body: '' });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => notes.update(acme, note.id, 1, { title: `w${i}` }, 'user_ada')),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof ConflictError)).toHaveLength(7);
    const current = await notes.byId(acme, note.id);
    expect(current.version).toBe(2);
    expect(current.title).toBe((won[0] as PromiseFulfilledResult<Note>).value.title);
  });

  it('concurrent deletes and updates of one version: exactly one wins', async () => {
    const note = await notes.create(acme, 'user_ada', { title: 'a', body: '' });
    const results = await Promise.allSettled([
      notes.delete(acme, note.id, 1),
      notes.update(acme, note.id, 1, { title: 'b' }, 'user_ada'),
      notes.delete(acme, note.id, 1),
      notes.update(acme, note.id, 1, { title: 'c' }, 'user_ada'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('reports a closed database as ServiceUnavailableError', async () => {
    const other = await openTestDatabase(driver);
    const service = new DrizzleNoteService(other.db, directory);
    await service.create(grace, 'user_grace', { title: 'x', body: '' });
    await other.close();
    const error = await failure(service.list(grace, { cursor: null, limit: 5 }));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
  }, 120_000);
});
