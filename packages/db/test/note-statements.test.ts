import type { Logger } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { NoteScope } from '@stack/contracts';

import { DrizzleNoteService, type OpenDatabase } from '../src/index.js';
import { CountingDirectory } from './support/counting-directory.js';
import { DRIVERS, openTestDatabase } from './support/test-database.js';

const acme: NoteScope = { kind: 'org', orgId: 'org_acme', userId: 'user_ada' };

/** Every statement Drizzle hands the driver (the logger sees each one, transactions' begin/commit included). */
class StatementLog implements Logger {
  readonly statements: string[] = [];
  logQuery(query: string): void {
    this.statements.push(query);
  }
  /** The statements `work` sent, and nothing else. */
  async during(work: () => Promise<unknown>): Promise<string[]> {
    const from = this.statements.length;
    await work();
    return this.statements.slice(from);
  }
}

// Issue 12: a page's authors come from the users table in the same statement as the page (no query per note).
describe.each(DRIVERS)('statements per notes call on %s', (driver) => {
  const log = new StatementLog();
  let open: OpenDatabase;
  let notes: DrizzleNoteService;

  beforeAll(async () => {
    open = await openTestDatabase(driver, { logger: log });
    await open.db.execute(sql`truncate notes, users restart identity cascade`);
    const directory = new CountingDirectory();
    const authors = ['user_ada', 'user_grace', 'user_bob', 'user_eve', 'user_kay'];
    for (const id of authors) directory.add(id, id.slice(5), 'Tester');
    notes = new DrizzleNoteService(open.db, directory);
    // 25 notes by 5 authors: a full page of 20 with several distinct authors, and a next page.
    for (let i = 0; i < 25; i++) await notes.create(acme, authors[i % authors.length]!, { title: `n${i}`, body: '' });
  }, 120_000);
  afterAll(() => open?.close());

  it('note.list: one statement for a 20-note page with five authors, and one for the next page', async () => {
    let page: Awaited<ReturnType<DrizzleNoteService['list']>> | undefined;
    const first = await log.during(async () => (page = await notes.list(acme, { cursor: null, limit: 20 })));
    expect(page!.items).toHaveLength(20);
    expect(new Set(page!.items.map((n) => n.author.name)).size).toBe(5);
    expect(first).toHaveLength(1);
    // The scope's change position (one row) joined to the page, cut before its people are joined.
    expect(first[0]).toMatch(
      /^select .* from \(select coalesce\(max\("id"\), 0\)::text .*\) "position" left join \(select .* limit \$\d+\) "page" on true left join "users"/,
    );
    const second = await log.during(() => notes.list(acme, { cursor: page!.nextCursor, limit: 20 }));
    expect(second).toHaveLength(1);
  });

  it('note.create by a known author: one transaction of the live check, the insert, the read-back and its event, nothing per author', async () => {
    // PGlite's transactions do not pass begin/commit through the logger; node-postgres's do.
    const statements = (await log.during(() => notes.create(acme, 'user_ada', { title: 'one more', body: '' }))).filter(
      (s) => s !== 'begin' && s !== 'commit',
    );
    expect(statements.map((s) => s.split(' ', 1)[0])).toEqual([
      'select',
      '(select',
      'insert',
      'select',
      'select',
      'with',
    ]);
    // The writer checked live: its (and the organization's) shared locks, then one statement for both.
    expect(statements[0]).toMatch(/pg_advisory_xact_lock_shared/);
    expect(statements[1]).toMatch(/"deleted_at" is not null\)\) union all/);
    // The scope's lock, then the outbox row and its announcement in one statement.
    expect(statements[4]).toMatch(/pg_advisory_xact_lock/);
    expect(statements[5]).toMatch(/^with "inserted" as \(insert into "note_events".*pg_notify/);
  });
});
