import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterEach, describe, expect, it } from 'vitest';

import {
  type AuthState,
  type NoteChangeStreams,
  StreamEndedError,
  StreamRevokedError,
  TooManyStreamsError,
} from '@stack/contracts';
import { SseReader } from '@stack/test-kit';

import { appRouter, createTRPCContext } from '../../src/index.js';
import { InMemoryNoteChanges, InMemoryNoteService } from '../../src/testing/index.js';
import { InMemoryUsers } from './in-memory-users.js';

const member: AuthState = {
  userId: 'user_bob',
  sessionId: 'sess_b',
  orgId: 'org_acme',
  orgSlug: 'acme',
  orgRole: 'org:member',
  orgPermissions: ['org:notes:read'],
};
const guest: AuthState = { ...member, orgRole: 'org:guest', orgPermissions: [] };
const acme = { kind: 'org', orgId: 'org_acme', userId: 'user_ada' } as const;

/**
 * `note.changes` through tRPC's own fetch handler, read as raw SSE frames: the router's side of
 * the contract (tracked ids, the error a stream starts or ends with), with the services faked.
 */
describe('note.changes (the router over SSE)', () => {
  const aborts: AbortController[] = [];
  afterEach(() => aborts.splice(0).forEach((a) => a.abort()));

  async function subscribe(
    auth: AuthState | null,
    notes: InMemoryNoteService,
    options: { lastEventId?: string; changes?: NoteChangeStreams; query?: string } = {},
  ) {
    const controller = new AbortController();
    aborts.push(controller);
    const res = await fetchRequestHandler({
      endpoint: '/trpc',
      req: new Request(`http://localhost/trpc/note.changes${options.query ?? ''}`, {
        headers: options.lastEventId ? { 'last-event-id': options.lastEventId } : {},
        signal: controller.signal,
      }),
      router: appRouter,
      createContext: () =>
        createTRPCContext({
          auth,
          services: {
            users: new InMemoryUsers(),
            notes,
            noteChanges: options.changes ?? new InMemoryNoteChanges(notes),
          },
        }),
    });
    return { res, reader: new SseReader(res.body!) };
  }

  const errorOf = async (reader: SseReader) =>
    (JSON.parse((await reader.first('serialized-error')).data) as { data: { code: string; httpStatus: number } }).data;

  it('streams the scope’s changes as tracked events: an id per event, the change as data', async () => {
    const notes = new InMemoryNoteService();
    const { res, reader } = await subscribe(member, notes);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    await reader.first('connected');
    const note = await notes.create(acme, 'user_ada', { title: 'a', body: '' });
    await notes.create({ kind: 'org', orgId: 'org_globex', userId: 'user_ada' }, 'user_ada', {
      title: 'elsewhere',
      body: '',
    });
    await notes.update(acme, note.id, 1, { title: 'b' }, 'user_bob');
    const [created, updated] = await reader.eventCount(2);
    expect(created).toMatchObject({ event: 'message', id: '1' });
    expect(JSON.parse(created!.data)).toEqual({ kind: 'created', note });
    expect(updated!.id).toBe('3');
    expect(JSON.parse(updated!.data)).toMatchObject({
      kind: 'updated',
      note: { title: 'b', editedBy: { id: 'user_bob' } },
    });
  });

  it('resumes after the Last-Event-ID header (or lastEventId in the input)', async () => {
    const notes = new InMemoryNoteService();
    for (const title of ['1', '2', '3']) await notes.create(acme, 'user_ada', { title, body: '' });
    const byHeader = await subscribe(member, notes, { lastEventId: '1' });
    expect((await byHeader.reader.eventCount(2)).map((f) => f.id)).toEqual(['2', '3']);
    const byInput = await subscribe(member, notes, { query: `?input=${encodeURIComponent('{"lastEventId":"2"}')}` });
    expect((await byInput.reader.eventCount(1)).map((f) => f.id)).toEqual(['3']);
  });

  it.each([
    ['anonymous', null, 'UNAUTHORIZED', 401],
    ['without org:notes:read', guest, 'FORBIDDEN', 403],
  ] as const)('%s: HTTP 200, and the stream’s first event is a serialized %s', async (_who, auth, code, status) => {
    const { res, reader } = await subscribe(auth, new InMemoryNoteService());
    expect(res.status).toBe(200);
    expect(await errorOf(reader)).toMatchObject({ code, httpStatus: status });
    await reader.closed;
    expect(reader.events.map((f) => f.event)).toEqual(['serialized-error']);
  });

  it.each([
    ['too many streams', new TooManyStreamsError(10), 'TOO_MANY_REQUESTS', 'opening'],
    ['the instance draining', new StreamEndedError('draining'), 'SERVICE_UNAVAILABLE', 'opening'],
    ['its lifetime ending', new StreamEndedError('expired'), 'SERVICE_UNAVAILABLE', 'streaming'],
    ['access revoked', new StreamRevokedError('FORBIDDEN'), 'FORBIDDEN', 'streaming'],
    ['the session revoked', new StreamRevokedError('UNAUTHORIZED'), 'UNAUTHORIZED', 'streaming'],
  ] as const)('%s: the stream ends with a serialized %s (while %s)', async (_why, error, code, when) => {
    const notes = new InMemoryNoteService();
    const changes = new InMemoryNoteChanges(notes);
    const failing: NoteChangeStreams = when === 'opening' ? { open: () => Promise.reject(error) } : changes;
    const { reader } = await subscribe(member, notes, { changes: failing });
    await reader.first('connected');
    if (when === 'streaming') changes.endAll(error);
    expect((await errorOf(reader)).code).toBe(code);
    await reader.closed;
  });

  it('an unexpected failure is a generic INTERNAL_SERVER_ERROR, its message kept out of the stream', async () => {
    const notes = new InMemoryNoteService();
    const changes = new InMemoryNoteChanges(notes);
    const { reader } = await subscribe(member, notes, { changes });
    await reader.first('connected');
    changes.endAll(new Error('connect ECONNREFUSED 10.0.0.5 password=hunter2'));
    const frame = await reader.first('serialized-error');
    expect(JSON.parse(frame.data)).toMatchObject({ message: 'Internal server error' });
    expect(frame.data).not.toMatch(/hunter2|ECONNREFUSED/);
  });
});
