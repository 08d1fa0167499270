import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { NoteScope } from '@stack/contracts';

import { type OpenDatabase, schema, selectPage } from '../src/index.js';
import { pageStatement } from '../src/notes/note-queries.js';
import { DRIVERS, openTestDatabase } from './support/test-database.js';

const acme: NoteScope = { kind: 'org', orgId: 'org_acme', userId: 'user_ada' };
const ada: NoteScope = { kind: 'personal', userId: 'user_ada' };
const NOTES_PER_SCOPE = 3_000;
const PAGE = 21;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

/** Every node of an EXPLAIN (ANALYZE, FORMAT JSON) plan that reads the notes table. */
function notesScans(node: PlanNode): PlanNode[] {
  const own = node['Relation Name'] === 'notes' ? [node] : [];
  return [...own, ...(node.Plans ?? []).flatMap(notesScans)];
}

async function plan(open: OpenDatabase, query: SQL): Promise<PlanNode> {
  // Both drivers' results carry `rows` (node-postgres's QueryResult, PGlite's Results).
  const result = await open.db.execute<{ 'QUERY PLAN': unknown }>(sql`explain (analyze, format json) ${query}`);
  const raw = (result as { rows: { 'QUERY PLAN': unknown }[] }).rows[0]!['QUERY PLAN'];
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  return parsed[0]!.Plan;
}

// A page must cost the page, not the scope: it reads the scope's index in page order and stops
// after `limit` rows, however many notes the scope has, without statistics (PGlite never gathers
// any; a fresh PostgreSQL table has none until autovacuum analyzes it).
describe.each(DRIVERS)('a page of notes on %s', (driver) => {
  let open: OpenDatabase;

  beforeAll(async () => {
    open = await openTestDatabase(driver);
    await open.db.execute(sql`truncate notes, users restart identity cascade`);
    await open.db.insert(schema.users).values({ id: 'user_ada', email: 'ada@example.com', updatedAt: new Date() });
    const at = Date.UTC(2026, 0, 1);
    const rows = Array.from({ length: NOTES_PER_SCOPE }, (_, i) => ({
      authorId: 'user_ada',
      title: `n${i}`,
      createdAt: new Date(at + i * 1_000),
      updatedAt: new Date(at + i * 1_000),
    }));
    for (let i = 0; i < rows.length; i += 1_000) {
      const batch = rows.slice(i, i + 1_000);
      await open.db.insert(schema.notes).values(batch.map((row) => ({ ...row, orgId: 'org_acme' })));
      await open.db.insert(schema.notes).values(batch.map((row) => ({ ...row, orgId: null })));
    }
    // Statistics, as autovacuum gathers them on PostgreSQL (PGlite has none: see open-database.ts).
    await open.db.execute(sql`analyze notes`);
  }, 120_000);
  afterAll(() => open?.close());

  it.each([
    ['an organization', acme, 'notes_org_page_idx'],
    ['personal notes', ada, 'notes_personal_page_idx'],
  ])('%s: the first page reads only its rows, in index order', async (_what, scope, index) => {
    const page = await plan(open, pageStatement(open.db, scope, null, PAGE).getSQL());
    const scans = notesScans(page);
    // The page's ids from the scope's index, then those rows by primary key: never the whole scope.
    expect(scans.map((scan) => scan['Index Name'])).toContain(index);
    for (const scan of scans) expect(['Index Scan', 'Index Only Scan']).toContain(scan['Node Type']);
    const rowsRead = scans.reduce((sum, scan) => sum + scan['Actual Rows'] * scan['Actual Loops'], 0);
    expect(rowsRead).toBeLessThanOrEqual(2 * PAGE);
  });

  it('a later page (below a cursor) reads only its rows too', async () => {
    const {
      rows: [first],
    } = await selectPage(open.db, acme, null, PAGE);
    const after = { createdAt: first!.createdAt, id: first!.id };
    const scans = notesScans(await plan(open, pageStatement(open.db, acme, after, PAGE).getSQL()));
    for (const scan of scans) expect(['Index Scan', 'Index Only Scan']).toContain(scan['Node Type']);
    const rowsRead = scans.reduce((sum, scan) => sum + scan['Actual Rows'] * scan['Actual Loops'], 0);
    expect(rowsRead).toBeLessThanOrEqual(2 * PAGE);
  });

  it('the page itself is the newest notes, newest first', async () => {
    const { rows } = await selectPage(open.db, acme, null, 3);
    expect(rows.map((row) => row.title)).toEqual([
      `n${NOTES_PER_SCOPE - 1}`,
      `n${NOTES_PER_SCOPE - 2}`,
      `n${NOTES_PER_SCOPE - 3}`,
    ]);
  });
});
