import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { RevocationList } from '@stack/clerk-auth';
import type { NoteChange } from '@stack/contracts';
import { type OpenDatabase, pruneNoteEvents } from '@stack/db';
import { SseReader } from '@stack/test-kit';

import { DATABASE } from '../../src/db/db.tokens.js';
import { StreamRegistry } from '../../src/live/stream-registry.js';
import { LiveChanges, liveClient } from '../support/live-client.js';
import { orgClaims, orgSeed } from '../support/org-fixtures.js';
import { outboxOf } from '../support/outbox.js';
import { startServer, type TestStack, WEB_ORIGIN } from '../support/start-server.js';
import { DATABASES, testDatabaseEnv } from '../support/test-database.js';

type Org = string | [orgId: string, role: 'admin' | 'member' | 'guest'];

/** The error a stream's `serialized-error` frame carries. */
const errorIn = (frame: { data: string }) =>
  (JSON.parse(frame.data) as { message: string; data: { code: string; httpStatus: number } }).data;
const changeIn = (frame: { data: string }) => JSON.parse(frame.data) as NoteChange;
const sessionOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;
const titleOf = (change: NoteChange) => ('note' in change ? change.note.title : change.kind);

/**
 * The `note.changes` contract through the real server (Nest on Fastify, tRPC, Clerk verification)
 * on both databases: raw SSE frames where the wire format is the point, the typed client over the
 * eventsource ponyfill where a client's behaviour is.
 */
describe.each(DATABASES)('note.changes through the real server on %s', (kind) => {
  let stack: TestStack;
  let ids: { ada: string; grace: string; alan: string };
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    stack = await startServer(
      'jwt-key',
      {
        ...(await testDatabaseEnv(kind)),
        SSE_PING_MS: '250',
        SSE_RECONNECT_MS: '50',
        // These tests write hundreds of notes as one user: the write limits are the defences tests' subject.
        RATE_LIMIT_USER_WRITES_PER_MIN: '0',
        RATE_LIMIT_ORG_WRITES_PER_MIN: '0',
      },
      { seed: orgSeed },
    );
    const id = (email: string) => stack.emulator.users.findByEmail(email)!.id;
    ids = { ada: id('ada@example.com'), grace: id('grace@example.com'), alan: id('alan@example.com') };
  }, 120_000);
  afterAll(() => stack?.close());
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  /** A token of `userId` in `org` (a seeded organization's id, or any organization with a role), or personal. */
  const token = (userId: string, org?: Org) =>
    stack.emulator.mintSessionToken({
      userId,
      azp: WEB_ORIGIN,
      ...(org === undefined
        ? { organizationId: null }
        : typeof org === 'string'
          ? { organizationId: org }
          : { organizationId: null, claims: orgClaims(...org) }),
    });

  /** The stream as raw frames, over plain fetch. */
  async function raw(headers: Record<string, string> = {}, query = '') {
    const controller = new AbortController();
    cleanups.push(() => controller.abort());
    const res = await fetch(`${stack.url}/trpc/note.changes${query}`, { headers, signal: controller.signal });
    return { res, reader: new SseReader(res.body!), close: () => controller.abort() };
  }

  /** A typed subscription over the eventsource ponyfill, open (the server follows its scope). */
  async function subscribe(bearer: string, lastEventId?: string) {
    const client = liveClient({ origin: () => stack.url, token: () => bearer });
    const changes = new LiveChanges(client, lastEventId ? { lastEventId } : {});
    cleanups.push(() => changes.close());
    await changes.open();
    return changes;
  }

  const outbox = (scope: string) => outboxOf(stack.app.get<OpenDatabase>(DATABASE).db, scope);

  it('streams each change as a tracked event: SSE headers, the connected frame, an id per event, the change as data', async () => {
    const adaToken = await token(ids.ada, ['org_live', 'admin']);
    const { res, reader } = await raw({ authorization: `Bearer ${adaToken}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    // Personal (signed in), never stored, never transformed (a compressing proxy would hold events back).
    expect(res.headers.get('cache-control')).toBe('private, no-store, no-transform');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(reader.frames[0] ?? (await reader.first('retry'))).toMatchObject({ event: 'retry', retry: 50 });
    // Reconnect after two missed pings and 5 s more: SSE_PING_MS is 250 here.
    expect(JSON.parse((await reader.first('connected')).data)).toEqual({ reconnectAfterInactivityMs: 5_500 });

    const ada = stack.client(adaToken);
    const grace = stack.client(await token(ids.grace, ['org_live', 'admin']));
    const created = await ada.note.create.mutate({ title: 'Live', body: 'v1' });
    const updated = await grace.note.update.mutate({ id: created.id, version: 1, body: 'v2' });
    await ada.note.delete.mutate({ id: created.id, version: 2 });
    const frames = await reader.eventCount(3);
    expect(frames.map((f) => f.event)).toEqual(['message', 'message', 'message']);
    expect(frames.map(changeIn)).toEqual([
      { kind: 'created', note: created },
      { kind: 'updated', note: updated },
      { kind: 'deleted', id: created.id, version: 2 },
    ]);
    expect(created.editedBy).toBeNull();
    expect(updated.editedBy).toEqual({ id: ids.grace, name: 'Grace Hopper', imageUrl: expect.any(String) as string });
    expect(frames.map((f) => f.id)).toEqual((await outbox('org:org_live')).map((r) => String(r.id)));
    // The `__session` cookie works the same (no Authorization header: same rules as every call).
    const byCookie = await raw({ cookie: `__session=${adaToken}` });
    await byCookie.reader.first('connected');
    await ada.note.create.mutate({ title: 'By cookie', body: '' });
    expect(changeIn((await byCookie.reader.eventCount(1))[0]!)).toMatchObject({ kind: 'created' });
  });

  it('anonymous, an invalid token, or a token only in the URL: HTTP 200 and a serialized UNAUTHORIZED first; no read permission: FORBIDDEN', async () => {
    const valid = await token(ids.ada, ['org_live', 'admin']);
    const cases: [string, Record<string, string>, string, string][] = [
      ['anonymous', {}, '', 'UNAUTHORIZED'],
      ['a malformed token', { authorization: 'Bearer not.a.jwt' }, '', 'UNAUTHORIZED'],
      ['another scheme', { authorization: `Basic ${valid}` }, '', 'UNAUTHORIZED'],
      [
        'a token in connectionParams',
        {},
        `?connectionParams=${encodeURIComponent(JSON.stringify({ token: valid }))}`,
        'UNAUTHORIZED',
      ],
      [
        'a guest of the organization',
        { authorization: `Bearer ${await token(ids.grace, ['org_live', 'guest'])}` },
        '',
        'FORBIDDEN',
      ],
    ];
    for (const [name, headers, query, code] of cases) {
      const { res, reader } = await raw(headers, query);
      expect(res.status, name).toBe(200);
      expect(errorIn(await reader.first('serialized-error')), name).toMatchObject({ code });
      await reader.closed;
      expect(
        reader.events.map((f) => f.event),
        name,
      ).toEqual(['serialized-error']);
    }
  });

  it('every change reaches every subscriber of its scope, none another scope’s (hostile scopes)', async () => {
    const scopes: [string, string, Org | undefined][] = [
      ['acme (admin)', ids.ada, 'org_acme'],
      ['globex', ids.grace, 'globex'],
      ['Ada personal', ids.ada, undefined],
      ['Alan personal', ids.alan, undefined],
      ['a LIKE pattern', ids.ada, ['org_acme%', 'admin']],
      ['quotes and SQL', ids.ada, ["org_acme' or '1'='1", 'admin']],
      ['an org id equal to Ada’s user id', ids.grace, [ids.ada, 'admin']],
    ];
    const tokens = await Promise.all(scopes.map(([, user, org]) => token(user, org)));
    const subscribers = await Promise.all(tokens.map((t) => subscribe(t)));
    // A second subscriber of acme, a member (reads, cannot write).
    const member = await subscribe(await token(ids.grace, 'org_acme'));
    for (const [i, [name]] of scopes.entries()) await stack.client(tokens[i]).note.create.mutate({ title: name });
    for (const [i, [name]] of scopes.entries())
      await stack.client(tokens[i]).note.create.mutate({ title: `${name}: last` });
    for (const [i, [name]] of scopes.entries()) {
      await subscribers[i]!.count(2);
      expect(
        subscribers[i]!.events.map((e) => titleOf(e.data)),
        name,
      ).toEqual([name, `${name}: last`]);
    }
    await member.count(2);
    // The same events (ids and changes); each subscriber's own arrival times differ.
    const sent = (events: { id: string; data: unknown }[]) => events.map(({ id, data }) => ({ id, data }));
    expect(sent(member.events)).toEqual(sent(subscribers[0]!.events));
  });

  it('resumes with Last-Event-ID: every later event exactly once, in order, then live', async () => {
    const bearer = await token(ids.ada, ['org_resume', 'admin']);
    const writer = stack.client(bearer);
    const first = await raw({ authorization: `Bearer ${bearer}` });
    await first.reader.first('connected');
    for (const title of ['a', 'b']) await writer.note.create.mutate({ title });
    const seen = await first.reader.eventCount(2);
    first.close();
    for (const title of ['c', 'd', 'e']) await writer.note.create.mutate({ title });
    const resumed = await raw({ authorization: `Bearer ${bearer}`, 'last-event-id': seen[1]!.id! });
    await writer.note.create.mutate({ title: 'f' });
    const frames = await resumed.reader.eventCount(4);
    expect(frames.map((f) => titleOf(changeIn(f)))).toEqual(['c', 'd', 'e', 'f']);
    const all = (await outbox('org:org_resume')).map((r) => String(r.id));
    expect([...seen.map((f) => f.id), ...frames.map((f) => f.id)]).toEqual(all);
  });

  it('note.list says where the changes stood: subscribing from its lastEventId misses nothing the page does not show', async () => {
    const bearer = await token(ids.ada, ['org_page', 'admin']);
    const writer = stack.client(bearer);
    await writer.note.create.mutate({ title: 'before the page' });
    const page = await writer.note.list.query({ limit: 5 });
    expect(page.lastEventId).toBe((await outbox('org:org_page')).at(-1)!.id.toString());
    const between = await writer.note.create.mutate({ title: 'between the page and the subscription' });
    const stream = await raw(
      { authorization: `Bearer ${bearer}` },
      `?input=${encodeURIComponent(JSON.stringify({ lastEventId: page.lastEventId }))}`,
    );
    expect((await stream.reader.eventCount(1)).map(changeIn)).toEqual([{ kind: 'created', note: between }]);
  });

  it('replay under concurrent writers: a client reconnecting with its last id misses and repeats nothing', async () => {
    const bearer = await token(ids.ada, ['org_busy', 'admin']);
    // The first round follows the scope before any write: a stream opened with no id starts at the
    // scope's head, so a write committed before it would be history this client never asked for.
    let stream = await raw({ authorization: `Bearer ${bearer}` });
    const writers = Array.from({ length: 4 }, async (_, w) => {
      const client = stack.client(bearer);
      for (let i = 0; i < 12; i++) {
        const note = await client.note.create.mutate({ title: `w${w}.${i}` });
        if (i % 3 === 0) await client.note.update.mutate({ id: note.id, version: 1, body: 'edited' });
      }
    });
    // Known once the writers are done; until then a round reads a few events and reconnects.
    let total = Infinity;
    const writing = Promise.all(writers).then(async () => {
      total = (await outbox('org:org_busy')).length;
    });
    const received: string[] = [];
    for (let round = 0; received.length < total; round++) {
      if (round > 0) stream = await raw({ authorization: `Bearer ${bearer}`, 'last-event-id': received.at(-1)! });
      const goal = received.length + 3 + (round % 4);
      // Pings (every 250 ms) re-check the condition, so the writers finishing is noticed too.
      await stream.reader.until(
        (r) => received.length + r.events.length >= Math.min(goal, total),
        'a few events',
        10_000,
      );
      const frames = stream.reader.events;
      expect(frames.filter((f) => f.event !== 'message')).toEqual([]);
      received.push(...frames.map((f) => f.id!));
      stream.close();
    }
    await writing;
    expect(received).toEqual((await outbox('org:org_busy')).map((r) => String(r.id)));
  });

  it('history gone (retention) or never issued: the first event is a reset at the head, then live', async () => {
    const bearer = await token(ids.ada, ['org_old', 'admin']);
    const writer = stack.client(bearer);
    for (let i = 0; i < 5; i++) await writer.note.create.mutate({ title: `old ${i}` });
    const rows = await outbox('org:org_old');
    await pruneNoteEvents(stack.app.get<OpenDatabase>(DATABASE).db, { maxAgeMs: 0, keepPerScope: 2 });
    for (const lastEventId of [String(rows[0]!.id), 'not-an-id']) {
      const stream = await raw({ authorization: `Bearer ${bearer}`, 'last-event-id': lastEventId });
      const [reset] = await stream.reader.eventCount(1);
      expect(reset).toMatchObject({ id: String(rows.at(-1)!.id), event: 'message' });
      expect(changeIn(reset!)).toEqual({ kind: 'reset' });
      stream.close();
    }
    // Still kept: replayed as usual.
    const kept = await raw({ authorization: `Bearer ${bearer}`, 'last-event-id': String(rows[2]!.id) });
    expect((await kept.reader.eventCount(2)).map((f) => f.id)).toEqual(rows.slice(3).map((r) => String(r.id)));
  });

  it('revocation ends exactly the matching streams, each within 1 s, with UNAUTHORIZED or FORBIDDEN', async () => {
    const registry = stack.app.get(StreamRegistry);
    const graceAcme = await token(ids.grace, 'org_acme');
    const gracePersonal = await token(ids.grace);
    const streams = {
      graceAcme: await subscribe(graceAcme),
      graceGlobex: await subscribe(await token(ids.grace, 'globex')),
      gracePersonal: await subscribe(gracePersonal),
      adaAcme: await subscribe(await token(ids.ada, 'org_acme')),
      adaPersonal: await subscribe(await token(ids.ada)),
    };
    const ended = async (changes: LiveChanges) => {
      const started = performance.now();
      const error = await changes.failure(1_000);
      return { code: error.data?.code, ms: performance.now() - started };
    };
    expect(registry.revoke({ kind: 'membership', orgId: 'org_acme', userId: ids.grace })).toBe(1);
    expect(await ended(streams.graceAcme)).toMatchObject({ code: 'FORBIDDEN' });
    expect(registry.revoke({ kind: 'session', sessionId: sessionOf(gracePersonal) })).toBe(1);
    expect((await ended(streams.gracePersonal)).code).toBe('UNAUTHORIZED');
    expect(registry.revoke({ kind: 'organization', orgId: 'org_globex' })).toBe(1);
    expect((await ended(streams.graceGlobex)).code).toBe('FORBIDDEN');
    expect(registry.revoke({ kind: 'user', userId: ids.ada })).toBe(2);
    expect((await ended(streams.adaAcme)).code).toBe('UNAUTHORIZED');
    expect((await ended(streams.adaPersonal)).code).toBe('UNAUTHORIZED');
    // A revoked stream may reconnect with a token that is still valid: revocation is of the open stream.
    const again = await subscribe(graceAcme);
    await stack.client(await token(ids.ada, 'org_acme')).note.create.mutate({ title: 'after' });
    expect(titleOf((await again.count(1))[0]!.data)).toBe('after');
  });

  it('revocations the webhook mirror applies end the open streams they take access from, and no other', async () => {
    // The path Clerk's webhooks take on every instance: the mirror's commit (or the change bus)
    // hands each fact to this instance's RevocationList, whose listener ends the streams.
    const revocations = stack.app.get(RevocationList);
    const at = Date.now();
    const graceAcme = await subscribe(await token(ids.grace, 'org_acme'));
    const adaAcme = await subscribe(await token(ids.ada, 'org_acme'));
    const gracePersonalToken = await token(ids.grace);
    const gracePersonal = await subscribe(gracePersonalToken);
    // Demoted to a role that still reads the notes: the stream goes on.
    revocations.apply({ kind: 'membership-changed', orgId: 'org_acme', userId: ids.grace, role: 'org:member', at });
    // Removed: FORBIDDEN; Ada in the same organization goes on.
    revocations.apply({ kind: 'membership-changed', orgId: 'org_acme', userId: ids.grace, role: null, at });
    expect((await graceAcme.failure(1_000)).data?.code).toBe('FORBIDDEN');
    // The session ended: UNAUTHORIZED.
    revocations.apply({ kind: 'session-ended', sessionId: sessionOf(gracePersonalToken), at });
    expect((await gracePersonal.failure(1_000)).data?.code).toBe('UNAUTHORIZED');
    // Ada's stream saw none of it and still delivers.
    await stack.client(await token(ids.ada, 'org_acme')).note.create.mutate({ title: 'still live' });
    expect(titleOf((await adaAcme.count(1))[0]!.data)).toBe('still live');
  });

  it('at most SSE_MAX_STREAMS_PER_USER (10) open streams per user: the next is TOO_MANY_REQUESTS, others unaffected', async () => {
    const user = await stack.emulator.users.create({ email: `many-${kind}@example.com`, firstName: 'Many' });
    const bearer = await token(user.id);
    const open: Awaited<ReturnType<typeof raw>>[] = [];
    for (let i = 0; i < 10; i++) {
      const stream = await raw({ authorization: `Bearer ${bearer}` });
      await stream.reader.first('connected');
      open.push(stream);
    }
    const refused = await raw({ authorization: `Bearer ${bearer}` });
    expect(errorIn(await refused.reader.first('serialized-error'))).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      httpStatus: 429,
    });
    const other = await raw({ authorization: `Bearer ${await token(ids.alan)}` });
    await other.reader.first('connected');
    // Closing one frees its place.
    open[0]!.close();
    await expect
      .poll(async () => {
        const next = await raw({ authorization: `Bearer ${bearer}` });
        await next.reader.until(
          (r) => r.events.length > 0 || r.frames.some((f) => f.event === 'connected'),
          'an answer',
        );
        return next.reader.frames.some((f) => f.event === 'connected') ? 'connected' : 'refused';
      })
      .toBe('connected');
  });
});
