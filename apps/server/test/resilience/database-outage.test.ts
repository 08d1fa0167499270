import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { OpenDatabase } from '@stack/db';
import { startThrowawayPostgres, type ThrowawayPostgres } from '@stack/test-kit/postgres';

import { DATABASE } from '../../src/db/db.tokens.js';
import { input, type RawResponse, request } from '../support/http.js';
import { startServer, type TestStack } from '../support/start-server.js';
import { expectUnavailable } from './support/expect-dependency.js';

/** 503 + Retry-After (the shared check), and no trace of the database in the answer. */
function expectDatabaseUnavailable(res: RawResponse, what: string): void {
  expect(res.status, `${what}: ${res.text}`).toBe(503);
  expectUnavailable(res);
  expect(res.text, what).not.toMatch(/PGlite|postgres|select |insert |closed/i);
}

/** The database gone under a running server: every notes procedure answers 503 with Retry-After, never a 500. */
describe.each([
  ['pglite', 'closed under the running server'],
  ['postgres', 'killed (then started again)'],
] as const)('notes on %s %s', (kind, _how) => {
  // A PostgreSQL of this file's own: the tests kill it, which the run's shared one must never be.
  let postgres: ThrowawayPostgres | undefined;
  let stack: TestStack;
  let token: string;
  let noteId: string;

  beforeAll(async () => {
    if (kind === 'postgres') postgres = await startThrowawayPostgres();
    stack = await startServer('jwt-key', postgres ? { DATABASE_URL: postgres.url() } : { PGLITE_DIR: 'memory://' });
    token = await stack.adaToken({ organizationId: null });
    noteId = (await stack.client(token).note.create.mutate({ title: 'before the outage' })).id;
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await postgres?.stop();
  });

  const auth = () => ({ authorization: `Bearer ${token}` });
  const mutate = (procedure: string, body: unknown) =>
    request(`${stack.url}/trpc/${procedure}`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const query = (procedure: string, value?: unknown) =>
    request(`${stack.url}/trpc/${procedure}${value === undefined ? '' : `?${input(value)}`}`, { headers: auth() });

  /** Takes the database away under the running server: PGlite closed for good, PostgreSQL killed. */
  const takeAway = async () => {
    if (!postgres) return stack.app.get<OpenDatabase>(DATABASE).close();
    await postgres.checkpoint(); // the migrations and the note above must survive the kill
    await postgres.kill();
  };

  it('answers 503 with Retry-After on every procedure while it is gone', async () => {
    await takeAway();
    try {
      expectDatabaseUnavailable(await query('note.list', {}), 'note.list');
      expectDatabaseUnavailable(await query('note.byId', { id: noteId }), 'note.byId');
      expectDatabaseUnavailable(await mutate('note.create', { title: 'during' }), 'note.create');
      expectDatabaseUnavailable(
        await mutate('note.update', { id: noteId, version: 1, title: 'during' }),
        'note.update',
      );
      expectDatabaseUnavailable(await mutate('note.delete', { id: noteId, version: 1 }), 'note.delete');
      // Routes that need no database keep working.
      expect((await query('profile.me')).status).toBe(200);
    } finally {
      await postgres?.start();
    }
  });

  // A closed PGlite stays closed until the process restarts; a PostgreSQL can come back.
  if (kind === 'postgres')
    it('serves again as soon as PostgreSQL is back', async () => {
      await takeAway();
      await postgres!.start();
      const res = await query('note.byId', { id: noteId });
      expect(res.status, res.text).toBe(200);
    });
});
