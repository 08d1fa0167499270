import { and, asc, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  ConflictError,
  type NoteChange,
  type NoteChangeEvent,
  type NoteScope,
  StreamEndedError,
  StreamRevokedError,
} from '@stack/contracts';

import {
  createNote,
  DrizzleNoteService,
  LISTENER_APPLICATION_NAME,
  NoteEventStreams,
  type OpenDatabase,
  pruneNoteEvents,
  schema,
} from '../src/index.js';
import { CountingDirectory } from './support/counting-directory.js';
import { seededRandom } from './support/seeded-random.js';
import { StreamReader } from './support/stream-reader.js';
import { DRIVERS, openTestDatabase } from './support/test-database.js';

const acme: NoteScope = { kind: 'org', orgId: 'org_acme', userId: 'user_ada' };
const globex: NoteScope = { kind: 'org', orgId: 'org_globex', userId: 'user_ada' };
const grace: NoteScope = { kind: 'personal', userId: 'user_grace' };

/** Deferred: a promise the test resolves when it chooses. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const kinds = (events: readonly NoteChangeEvent[]) => events.map((e) => e.change.kind);
const titleOf = (change: NoteChange) => ('note' in change ? change.note.title : null);

describe.each(DRIVERS)('the notes outbox and its streams on %s', (driver) => {
  let open: OpenDatabase;
  let directory: CountingDirectory;
  let notes: DrizzleNoteService;
  let streams: NoteEventStreams;
  let aborts: AbortController[] = [];

  beforeAll(async () => {
    open = await openTestDatabase(driver);
    await open.changes.start();
    streams = new NoteEventStreams(open.db, open.changes, 100);
  }, 120_000);
  afterAll(async () => {
    streams?.close();
    await open?.close();
  });

  beforeEach(async () => {
    await open.db.execute(
      sql`truncate notes, users, memberships, organizations, note_events, note_event_horizons restart identity cascade`,
    );
    directory = new CountingDirectory().add('user_ada', 'Ada', 'Lovelace').add('user_grace', 'Grace');
    notes = new DrizzleNoteService(open.db, directory);
  });
  afterEach(() => {
    for (const controller of aborts) controller.abort();
    aborts = [];
  });

  /** A stream read in the background (closed after the test), once it follows its scope. */
  async function follow(scope: NoteScope, lastEventId: string | null = null, source = streams) {
    const controller = new AbortController();
    aborts.push(controller);
    const opening = source.open(scope, lastEventId, controller.signal);
    const reader = new StreamReader(opening);
    const stream = await opening.catch(() => null);
    return { reader, stream, abort: () => controller.abort() };
  }

  /** Waits until `reader` follows its scope: a write elsewhere in time is then live for it. */
  async function live(reader: StreamReader, scope: NoteScope, author = 'user_ada') {
    const before = reader.events.length;
    const probe = await notes.create(scope, author, { title: 'probe', body: '' });
    await reader.count(before + 1);
    return probe;
  }

  const outbox = (key: string) =>
    open.db
      .select({ id: schema.noteEvents.id, change: schema.noteEvents.change })
      .from(schema.noteEvents)
      .where(eq(schema.noteEvents.scope, key))
      .orderBy(asc(schema.noteEvents.id));

  it('every write records its event in its own transaction; a refused or rolled-back write records none', async () => {
    const note = await notes.create(acme, 'user_ada', { title: 'a', body: 'b' });
    const updated = await notes.update(acme, note.id, 1, { body: 'c' }, 'user_grace');
    await expect(notes.update(acme, note.id, 1, { title: 'stale' }, 'user_ada')).rejects.toBeInstanceOf(ConflictError);
    await expect(notes.delete(acme, note.id, 1)).rejects.toBeInstanceOf(ConflictError);
    await expect(
      open.db.transaction(async (tx) => {
        await createNote(tx, acme, 'user_ada', { title: 'rolled back', body: '' });
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    await notes.delete(acme, note.id, 2);
    const rows = await outbox('org:org_acme');
    expect(rows.map((r) => r.change)).toEqual([
      { kind: 'created', note },
      { kind: 'updated', note: updated },
      { kind: 'deleted', id: note.id, version: 2 },
    ]);
    expect(updated.editedBy).toMatchObject({ id: 'user_grace', name: 'Grace' });
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => a - b));
  });

  it('a live stream gets its scope’s later changes in order and never another scope’s (hostile scopes)', async () => {
    directory.add('org_acme', 'Named Like An Org');
    const scopes: [string, NoteScope, string][] = [
      ['acme', acme, 'user_ada'],
      ['globex', globex, 'user_ada'],
      ['grace personal', grace, 'user_grace'],
      ['an org id equal to a user id', { kind: 'org', orgId: 'user_grace', userId: 'user_ada' }, 'user_ada'],
      ['a user id equal to an org id', { kind: 'personal', userId: 'org_acme' }, 'org_acme'],
      ['a LIKE pattern', { kind: 'org', orgId: 'org_acme%', userId: 'user_ada' }, 'user_ada'],
      ['quotes and SQL', { kind: 'org', orgId: "org_acme' or '1'='1", userId: 'user_ada' }, 'user_ada'],
      ['a trailing space', { kind: 'org', orgId: 'org_acme ', userId: 'user_ada' }, 'user_ada'],
      ['an empty id', { kind: 'org', orgId: '', userId: 'user_ada' }, 'user_ada'],
      ['a colon', { kind: 'org', orgId: 'user:user_grace', userId: 'user_ada' }, 'user_ada'],
    ];
    const before = await notes.create(acme, 'user_ada', { title: 'before anyone listened', body: '' });
    const followers: { name: string; reader: StreamReader }[] = [];
    for (const [name, scope] of scopes) followers.push({ name, reader: (await follow(scope)).reader });
    for (const [i, [, scope, author]] of scopes.entries()) await live(followers[i]!.reader, scope, author);
    for (const [name, scope, author] of scopes) await notes.create(scope, author, { title: name, body: '' });
    for (const [name, scope, author] of scopes) await notes.create(scope, author, { title: `${name}: last`, body: '' });
    for (const { name, reader } of followers) {
      await reader.count(3);
      expect(reader.events.map((e) => titleOf(e.change))).toEqual(['probe', name, `${name}: last`]);
    }
    expect(followers[0]!.reader.events.map((e) => e.change)).not.toContainEqual({ kind: 'created', note: before });
  });

  it('resumes after lastEventId: every later event exactly once, then live; without one, from now on', async () => {
    for (let i = 1; i <= 5; i++) await notes.create(acme, 'user_ada', { title: `n${i}`, body: '' });
    const ids = (await outbox('org:org_acme')).map((r) => String(r.id));
    const resumed = (await follow(acme, ids[1])).reader;
    await resumed.count(3);
    const fresh = (await follow(acme)).reader;
    const probe = await live(fresh, acme);
    await resumed.count(4);
    expect(resumed.events.map((e) => titleOf(e.change))).toEqual(['n3', 'n4', 'n5', 'probe']);
    expect(resumed.events.map((e) => e.id).slice(0, 3)).toEqual(ids.slice(2));
    expect(fresh.events.map((e) => e.change)).toEqual([{ kind: 'created', note: probe }]);
    // Resuming from the newest id replays nothing.
    const atHead = (await follow(acme, fresh.events[0]!.id)).reader;
    const next = await live(atHead, acme);
    expect(atHead.events.map((e) => e.change)).toEqual([{ kind: 'created', note: next }]);
  });

  it('resuming from an event this instance has not read yet (it came through another): sent once, never again live', async () => {
    const following = (await follow(acme)).reader;
    await live(following, acme);
    // Committed without an announcement: as if on another instance, its NOTIFY not yet read here.
    const [unread] = await open.db
      .insert(schema.noteEvents)
      .values({ scope: 'org:org_acme', change: { kind: 'deleted', id: 'elsewhere', version: 1 } })
      .returning({ id: schema.noteEvents.id });
    const resumed = (await follow(acme, String(unread!.id))).reader;
    // The next announcement makes the hub read both: the resumed client already has the first.
    const next = await notes.create(acme, 'user_ada', { title: 'next', body: '' });
    await following.count(3);
    await resumed.count(1);
    expect(resumed.events.map((e) => e.change)).toEqual([{ kind: 'created', note: next }]);
  });

  it('a page says where the changes stood: streaming from its lastEventId gets exactly what it does not show', async () => {
    expect((await notes.list(acme, { cursor: null, limit: 5 })).lastEventId).toBe('0');
    for (let i = 1; i <= 3; i++) await notes.create(acme, 'user_ada', { title: `n${i}`, body: '' });
    await notes.create(globex, 'user_ada', { title: 'elsewhere', body: '' });
    const page = await notes.list(acme, { cursor: null, limit: 2 });
    const rows = await outbox('org:org_acme');
    expect(page.lastEventId).toBe(String(rows.at(-1)!.id));
    // The next page says the same (one snapshot each; nothing changed in between).
    expect((await notes.list(acme, { cursor: page.nextCursor, limit: 2 })).lastEventId).toBe(page.lastEventId);
    const later = await notes.create(acme, 'user_ada', { title: 'after the page', body: '' });
    const reader = (await follow(acme, page.lastEventId)).reader;
    await reader.count(1);
    await live(reader, acme);
    expect(reader.events.map((e) => e.change)[0]).toEqual({ kind: 'created', note: later });
    expect(reader.events).toHaveLength(2);
  });

  it.runIf(driver === 'postgres')(
    'an id that commits after a later one (another scope’s) leaves no gap: a scope’s writers commit in id order',
    async () => {
      const acmeReader = (await follow(acme)).reader;
      const globexReader = (await follow(globex)).reader;
      await live(acmeReader, acme);
      await live(globexReader, globex);
      const tookId = deferred();
      const release = deferred();
      // A: an acme write holds its outbox id, uncommitted.
      const a = open.db.transaction(async (tx) => {
        const note = await createNote(tx, acme, 'user_ada', { title: 'A', body: '' });
        tookId.resolve();
        await release.promise;
        return note;
      });
      await tookId.promise;
      // C: another acme write waits for A; B: a globex write takes a later id and commits first.
      const c = notes.create(acme, 'user_ada', { title: 'C', body: '' });
      await notes.create(globex, 'user_ada', { title: 'B', body: '' });
      await globexReader.count(2);
      expect(acmeReader.events).toHaveLength(1);
      release.resolve();
      await Promise.all([a, c]);
      await acmeReader.count(3);
      expect(acmeReader.events.map((e) => titleOf(e.change))).toEqual(['probe', 'A', 'C']);
      const [aId, bId, cId] = [acmeReader.events[1]!.id, globexReader.events[1]!.id, acmeReader.events[2]!.id].map(
        Number,
      );
      expect(aId).toBeLessThan(bId!);
      expect(bId).toBeLessThan(cId!);
      // Resuming right after A (a client that saw A just before a reconnect) gets C, nothing skipped.
      const resumed = (await follow(acme, String(aId))).reader;
      await resumed.count(1);
      expect(titleOf(resumed.events[0]!.change)).toBe('C');
    },
  );

  it('replay under concurrent writers: a client reconnecting at random points gets every event once, in order', async () => {
    const random = seededRandom(20);
    const writers = Array.from({ length: 6 }, async (_, w) => {
      const mine: { id: string; version: number }[] = [];
      for (let op = 0; op < 25; op++) {
        const roll = random.next();
        const target = mine.length > 0 ? random.pick(mine) : null;
        if (!target || roll < 0.4) {
          const note = await notes.create(acme, w % 2 ? 'user_ada' : 'user_grace', { title: `w${w}.${op}`, body: '' });
          mine.push({ id: note.id, version: note.version });
        } else if (roll < 0.85) {
          const note = await notes.update(acme, target.id, target.version, { body: `w${w}.${op}` }, 'user_ada');
          target.version = note.version;
        } else {
          await notes.delete(acme, target.id, target.version);
          mine.splice(mine.indexOf(target), 1);
        }
      }
    });
    const writing = Promise.all(writers);
    let finished = false;
    void writing.then(() => (finished = true));

    const received: NoteChangeEvent[] = [];
    let reconnects = 0;
    for (;;) {
      const last = received.at(-1)?.id ?? '0';
      const controller = new AbortController();
      const iterator = (await streams.open(acme, last, controller.signal))[Symbol.asyncIterator]();
      const take = 1 + random.int(15);
      let caughtUp = false;
      for (let i = 0; i < take; i++) {
        const total = finished ? (await outbox('org:org_acme')).length : Infinity;
        if (received.length >= total) {
          caughtUp = true;
          break;
        }
        const step = await iterator.next();
        received.push(step.value as NoteChangeEvent);
      }
      controller.abort();
      await iterator.return?.();
      if (caughtUp) break;
      reconnects++;
    }
    await writing;
    const rows = await outbox('org:org_acme');
    expect(received.map((e) => e.id)).toEqual(rows.map((r) => String(r.id)));
    expect(received.map((e) => e.change)).toEqual(rows.map((r) => r.change));
    expect(reconnects).toBeGreaterThan(5);
    // Per note, versions only move forward (commit order).
    const versions = new Map<string, number>();
    for (const { change } of received) {
      if (change.kind !== 'updated') continue;
      expect(change.note.version).toBeGreaterThan(versions.get(change.note.id) ?? 1);
      versions.set(change.note.id, change.note.version);
    }
  });

  it('retention keeps the young and each scope’s newest; resuming below what it deleted is a reset', async () => {
    for (let i = 1; i <= 10; i++) await notes.create(acme, 'user_ada', { title: `n${i}`, body: '' });
    await notes.create(globex, 'user_ada', { title: 'g', body: '' });
    const ids = (await outbox('org:org_acme')).map((r) => String(r.id));
    expect(await pruneNoteEvents(open.db, { maxAgeMs: 3_600_000, keepPerScope: 1 })).toBe(0); // all young
    expect(await pruneNoteEvents(open.db, { maxAgeMs: 0, keepPerScope: 4 })).toBe(6);
    expect((await outbox('org:org_acme')).map((r) => String(r.id))).toEqual(ids.slice(6));
    expect(await outbox('org:org_globex')).toHaveLength(1);

    const below = (await follow(acme, ids[1])).reader;
    await below.count(1);
    expect(below.events[0]).toEqual({ id: ids[9], change: { kind: 'reset' } });
    const atHorizon = (await follow(acme, ids[5])).reader;
    await atHorizon.count(4);
    expect(atHorizon.events.map((e) => e.id)).toEqual(ids.slice(6));
    // After the reset the stream goes on from the head.
    await notes.create(acme, 'user_ada', { title: 'n11', body: '' });
    await below.count(2);
    expect(titleOf(below.events[1]!.change)).toBe('n11');
    await atHorizon.count(5);
    expect(kinds(atHorizon.events)).toEqual(['created', 'created', 'created', 'created', 'created']);
  });

  it.each(['abc', '-1', '1.5', '', ' 3', '9007199254740993', '99999999'])(
    'a lastEventId never issued here (%j) is a reset at the head, never an error or a silent wait',
    async (lastEventId) => {
      await notes.create(acme, 'user_ada', { title: 'n1', body: '' });
      const [row] = await outbox('org:org_acme');
      const reader = (await follow(acme, lastEventId)).reader;
      await reader.count(1);
      expect(reader.events[0]).toEqual({ id: String(row!.id), change: { kind: 'reset' } });
      await notes.create(acme, 'user_ada', { title: 'n2', body: '' });
      await reader.count(2);
      expect(titleOf(reader.events[1]!.change)).toBe('n2');
    },
  );

  it('a slow consumer’s stream ends retryably when its queue fills, and resumes from its last event', async () => {
    const small = new NoteEventStreams(open.db, open.changes, 3);
    const controller = new AbortController();
    aborts.push(controller);
    const iterator = (await small.open(acme, null, controller.signal))[Symbol.asyncIterator]();
    const first = iterator.next();
    const probe = await notes.create(acme, 'user_ada', { title: 'read', body: '' });
    expect((await first).value).toMatchObject({ change: { kind: 'created', note: probe } });
    // Nobody reads from here on.
    for (let i = 0; i < 6; i++) await notes.create(acme, 'user_ada', { title: `unread ${i}`, body: '' });
    const error = await iterator.next().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StreamEndedError);
    expect((error as StreamEndedError).reason).toBe('slow-consumer');
    const resumed = (await follow(acme, (await first).value!.id, small)).reader;
    await resumed.count(6);
    expect(resumed.events.map((e) => titleOf(e.change))).toEqual([0, 1, 2, 3, 4, 5].map((i) => `unread ${i}`));
    small.close();
  });

  it('end() stops a waiting stream at once with its reason; leaving unfollows the scope', async () => {
    const { reader, stream } = await follow(acme);
    await live(reader, acme);
    expect(streams.followedScopes()).toBe(1);
    stream!.end(new StreamRevokedError('FORBIDDEN'));
    expect(await reader.failure()).toEqual(new StreamRevokedError('FORBIDDEN'));
    expect(streams.followedScopes()).toBe(0);
    const { reader: other, abort } = await follow(globex);
    await live(other, globex);
    abort();
    expect((await other.failure()) as Error).toHaveProperty('name', 'AbortError');
    expect(streams.followedScopes()).toBe(0);
  });

  it('a stream the database cannot serve ends retryably (unavailable)', async () => {
    const other = await openTestDatabase(driver);
    const closed = new NoteEventStreams(other.db, other.changes, 10);
    await other.close();
    const error = await (await follow(acme, null, closed)).reader.failure();
    expect(error).toBeInstanceOf(StreamEndedError);
    expect((error as StreamEndedError).reason).toBe('unavailable');
    closed.close();
  });

  it.runIf(driver === 'postgres')(
    'writes while the listener is reconnecting are not lost: the followed scopes are read again',
    async () => {
      const reader = (await follow(acme)).reader;
      await live(reader, acme);
      const admin = new pg.Client({ connectionString: (open as OpenDatabase & { url: string }).url });
      await admin.connect();
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [
        LISTENER_APPLICATION_NAME,
      ]);
      await admin.end();
      for (let i = 0; i < 3; i++) await notes.create(acme, 'user_ada', { title: `during ${i}`, body: '' });
      await reader.count(4, 10_000);
      expect(reader.events.slice(1).map((e) => titleOf(e.change))).toEqual(['during 0', 'during 1', 'during 2']);
      expect(open.changes.health().connects).toBeGreaterThan(1);
    },
  );

  it('the outbox keeps each scope apart on disk too: rows carry their scope key', async () => {
    await notes.create(grace, 'user_grace', { title: 'mine', body: '' });
    const rows = await open.db
      .select({ scope: schema.noteEvents.scope })
      .from(schema.noteEvents)
      .where(and(eq(schema.noteEvents.scope, 'user:user_grace')));
    expect(rows).toHaveLength(1);
  });
});
