import type { TestingModuleBuilder } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { NoteScope, NoteService, UserDirectory } from '@stack/contracts';
import { DrizzleNoteService, type OpenDatabase } from '@stack/db';
import { AdmissionGate } from '@stack/nest-trpc';

import { DATABASE, NOTE_SERVICE, USER_DIRECTORY } from '../src/db/db.tokens.js';
import { Readiness } from '../src/health/readiness.js';
import { StreamRegistry } from '../src/live/stream-registry.js';
import { MetricsListener } from '../src/metrics/metrics-listener.js';
import { drain } from '../src/shutdown/graceful-shutdown.js';
import { request } from './support/http.js';
import { sample } from './support/metrics-text.js';
import { startServer, type TestStack } from './support/start-server.js';

/** A page size no client asks for: the notes service holds such a list until the test lets it go. */
const HELD_LIMIT = 49;

/** The real notes service, except that a list of HELD_LIMIT waits for the test: a database call in flight. */
class HeldNotes implements NoteService {
  readonly waiting: (() => void)[] = [];
  constructor(private readonly notes: NoteService) {}

  async list(scope: NoteScope, page: { cursor: string | null; limit: number }) {
    if (page.limit === HELD_LIMIT) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.notes.list(scope, page);
  }
  byId: NoteService['byId'] = (...args) => this.notes.byId(...args);
  create: NoteService['create'] = (...args) => this.notes.create(...args);
  update: NoteService['update'] = (...args) => this.notes.update(...args);
  delete: NoteService['delete'] = (...args) => this.notes.delete(...args);

  releaseAll(): void {
    for (const release of this.waiting.splice(0)) release();
  }
}

/** The server with one slot and one place in the queue, and a notes service the test can hold. */
async function startGated(): Promise<{ stack: TestStack; notes: () => HeldNotes; gate: AdmissionGate }> {
  let held: HeldNotes | undefined;
  const override = (builder: TestingModuleBuilder) =>
    builder.overrideProvider(NOTE_SERVICE).useFactory({
      inject: [DATABASE, USER_DIRECTORY],
      factory: (database: OpenDatabase, users: UserDirectory) =>
        (held = new HeldNotes(new DrizzleNoteService(database.db, users))),
    });
  const stack = await startServer(
    'jwt-key',
    {
      TRPC_MAX_IN_FLIGHT: '1',
      TRPC_MAX_QUEUED: '1',
      TRPC_MAX_QUEUE_MS: '30000',
      METRICS_PORT: '0',
      // One user's calls reach the gate together: the per-caller slots in front of it (two at a
      // time, issue 18) would hold the third back before the gate could refuse it.
      REQUESTS_IN_FLIGHT_PER_CALLER: '0',
    },
    { override },
  );
  return { stack, notes: () => held!, gate: stack.app.get(AdmissionGate) };
}

const list = (limit: number) => `/trpc/note.list?input=${encodeURIComponent(JSON.stringify({ limit }))}`;

describe('admission gate in the server (TRPC_MAX_IN_FLIGHT=1, TRPC_MAX_QUEUED=1)', () => {
  let stack: TestStack;
  let notes: () => HeldNotes;
  let gate: AdmissionGate;
  let token: string;
  const get = (path: string) => fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    ({ stack, notes, gate } = await startGated());
    // Ada's personal space: no organization in the token.
    token = await stack.adaToken({ claims: { o: undefined } });
    expect((await get('/trpc/profile.me')).status).toBe(200); // the profile is cached from here on
  });
  afterAll(() => stack?.close());

  it('lets one database call in; the next waits, the one after is refused with 503 and Retry-After', async () => {
    const inside = get(list(HELD_LIMIT));
    await expect.poll(() => notes().waiting.length).toBe(1);
    expect(gate.inFlight).toBe(1);
    const waiting = get(list(20));
    await expect.poll(() => gate.queued).toBe(1);

    const refused = await get(list(20));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await refused.json()).toEqual({
      error: {
        message: 'The server is busy; try again shortly',
        code: -32603,
        data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, path: 'note.list', zodError: null, current: null },
      },
    });
    const create = await fetch(`${stack.url}/trpc/note.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'refused' }),
    });
    expect(create.status).toBe(503);

    // Calls that never wait on the database are answered at once, alone or batched together…
    for (const path of [
      '/trpc/profile.me',
      '/trpc/session.current',
      `/trpc/session.current,profile.me?batch=1&input=${encodeURIComponent('{}')}`,
    ])
      expect((await get(path)).status, path).toBe(200);
    // …but a batch with a database call in it takes its turn like any database call.
    expect((await get(`/trpc/profile.me,note.list?batch=1&input=${encodeURIComponent('{}')}`)).status).toBe(503);

    // What an operator sees: the gate's state and its refusals by reason.
    const metrics = (await request(stack.app.get(MetricsListener).url!)).text;
    expect(sample(metrics, 'trpc_admission_in_flight')).toBe(1);
    expect(sample(metrics, 'trpc_admission_queued')).toBe(1);
    expect(sample(metrics, 'load_shed_requests_total', { reason: 'queue-full' })).toBe(3);
    expect(sample(metrics, 'load_shed_requests_total', { reason: 'queue-timeout' })).toBe(0);

    notes().releaseAll();
    expect((await inside).status).toBe(200);
    expect((await waiting).status).toBe(200);
    // Nothing refused was written.
    const page = (await (await get(list(50))).json()) as { result: { data: { items: { title: string }[] } } };
    expect(page.result.data.items.map((n) => n.title)).not.toContain('refused');
  });
});

describe('admission gate at shutdown', () => {
  it('answers the calls waiting for a slot 503 with Connection: close; the call inside finishes', async () => {
    const { stack, notes, gate } = await startGated();
    try {
      const token = await stack.adaToken({ claims: { o: undefined } });
      const get = (path: string) => fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const inside = get(list(HELD_LIMIT));
      await expect.poll(() => notes().waiting.length).toBe(1);
      const waiting = get(list(20));
      await expect.poll(() => gate.queued).toBe(1);

      const quiet = { log: () => {}, warn: () => {}, error: () => {} };
      const readiness = stack.app.get(Readiness);
      const drained = drain(
        stack.app,
        { delayMs: 0, drainTimeoutMs: 10_000 },
        { readiness, admission: gate, streams: stack.app.get(StreamRegistry) },
        quiet,
        'SIGTERM',
      );
      const refused = await waiting;
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.headers.get('connection')).toBe('close');
      expect(await refused.json()).toMatchObject({ error: { message: 'The server is shutting down; try again' } });

      notes().releaseAll();
      expect((await inside).status).toBe(200);
      await drained;
    } finally {
      await stack.emulator.close();
    }
  });
});
