import { readFileSync } from 'node:fs';
import path from 'node:path';

import { sql } from 'drizzle-orm';

import type { Database } from './database.js';
import { MIGRATIONS_FOLDER } from './migrations.js';

export type DatabaseReadiness =
  { ready: true; migrations: number } | { ready: false; reason: 'unreachable' | 'migrations-pending'; detail: string };

let expected: number | undefined;
/** How many migrations this build ships (drizzle's journal). */
function expectedMigrations(): number {
  expected ??= (
    JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }
  ).entries.length;
  return expected;
}

/**
 * One bounded round trip that proves both that the database answers and that this build's
 * migrations are applied (drizzle records each in `drizzle.__drizzle_migrations`).
 */
export async function checkDatabase(db: Database, timeoutMs = 2_000): Promise<DatabaseReadiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  let applied: number;
  try {
    const result = await Promise.race([
      db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
      timeout,
    ]);
    // Both drivers answer with `{ rows }`; the shared Database type leaves the result untyped.
    applied = Number((result as { rows: { n: number }[] }).rows[0]?.n ?? 0);
  } catch (error) {
    if (sqlStateOf(error) === '42P01')
      return { ready: false, reason: 'migrations-pending', detail: 'no migrations table' };
    return { ready: false, reason: 'unreachable', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
  const wanted = expectedMigrations();
  if (applied < wanted)
    return { ready: false, reason: 'migrations-pending', detail: `${applied} of ${wanted} migrations applied` };
  return { ready: true, migrations: applied };
}

/** The SQLSTATE in `error` or its causes (drizzle wraps the driver's error). */
function sqlStateOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
