import { type SQL, sql } from 'drizzle-orm';

import type { Executor } from '../database.js';

/**
 * What changed, by key only (NOTIFY payloads are capped at 8000 bytes, and a key is all a cache
 * needs to drop an entry). Add a kind when something new is cached. `origin` names the process
 * that wrote it, so that process can skip its own news (its cache is already up to date).
 * `notes` names a scope (`org:<id>` or `user:<id>`) whose outbox has new events to read.
 */
export type Change = ({ kind: 'user'; id: string } | { kind: 'org'; id: string } | { kind: 'notes'; id: string }) & {
  origin?: string;
};

/** The one channel every instance listens on. */
export const CHANGE_CHANNEL = 'stack_changes';

const KINDS = new Set<Change['kind']>(['user', 'org', 'notes']);

/** Parses a payload; anything malformed (another app on the channel, an older version) is null. */
export function decodeChange(payload: string | undefined): Change | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { kind, id, origin } = value as { kind?: unknown; id?: unknown; origin?: unknown };
    if (typeof kind !== 'string' || !KINDS.has(kind as Change['kind']) || typeof id !== 'string') return null;
    return { kind, id, ...(typeof origin === 'string' ? { origin } : {}) } as Change;
  } catch {
    return null;
  }
}

/**
 * Announces `change` to every instance (this one included) with `pg_notify` on `executor`. Pass the
 * write's transaction: PostgreSQL then delivers it only if that transaction commits, and never for
 * a rollback. Outside a transaction (a write that went to Clerk, not to us), pass the database.
 */
export async function publish(executor: Executor, change: Change): Promise<void> {
  await executor.execute(sql`select ${notifyOf(change)}`);
}

/** The `pg_notify` call announcing `change`, for a statement that announces as it writes. */
export const notifyOf = (change: Change): SQL => sql`pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(change)})`;
