import { type SQL, sql } from 'drizzle-orm';

import type { RevocationFact } from '@stack/contracts';

import type { Executor } from '../database.js';

/** Units one instance spent per (policy, key) in one period: `[policy, key, count]`. */
export type UsageEntry = readonly [policy: string, key: string, count: number];

/**
 * What goes over the bus. Cache invalidations carry a key only (NOTIFY payloads are capped at
 * 8000 bytes, and a key is all a cache needs to drop an entry); a revocation carries its fact (every
 * instance applies it without a read); usage is one instance's rate-limit spending in one period
 * (see apps/server's usage exchange). Add a kind when something new is shared. `origin` names the
 * process that sent it, so that process can skip its own news. `notes` names a scope (`org:<id>` or
 * `user:<id>`) whose outbox has new events to read.
 */
export type Change =
  | ({ kind: 'user'; id: string } & { origin?: string })
  | ({ kind: 'org'; id: string } & { origin?: string })
  | ({ kind: 'notes'; id: string } & { origin?: string })
  | ({ kind: 'revocation'; fact: RevocationFact } & { origin?: string })
  | { kind: 'usage'; origin: string; period: number; entries: readonly UsageEntry[] };

/** The one channel every instance listens on. */
export const CHANGE_CHANNEL = 'stack_changes';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7_999;

type Fields = Record<string, unknown>;

const isString = (v: unknown): v is string => typeof v === 'string';
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function decodeFact(value: unknown): RevocationFact | null {
  if (typeof value !== 'object' || value === null) return null;
  const f = value as Fields;
  if (!isTime(f['at'])) return null;
  const at = f['at'];
  switch (f['kind']) {
    case 'user-deleted':
      return isString(f['userId']) ? { kind: 'user-deleted', userId: f['userId'], at } : null;
    case 'organization-deleted':
      return isString(f['orgId']) ? { kind: 'organization-deleted', orgId: f['orgId'], at } : null;
    case 'session-ended':
      return isString(f['sessionId']) ? { kind: 'session-ended', sessionId: f['sessionId'], at } : null;
    case 'membership-changed': {
      const { orgId, userId, role } = f;
      if (!isString(orgId) || !isString(userId) || !(role === null || isString(role))) return null;
      return { kind: 'membership-changed', orgId, userId, role, at };
    }
    default:
      return null;
  }
}

function decodeUsage(value: Fields): Change | null {
  const { origin, period, entries } = value;
  if (!isString(origin) || !Number.isSafeInteger(period) || !Array.isArray(entries)) return null;
  const valid = entries.every(
    (e: unknown) =>
      Array.isArray(e) && e.length === 3 && isString(e[0]) && isString(e[1]) && Number.isSafeInteger(e[2]),
  );
  return valid ? { kind: 'usage', origin, period: period as number, entries: entries as UsageEntry[] } : null;
}

/** Parses a payload; anything malformed (another app on the channel, an older version) is null. */
export function decodeChange(payload: string | undefined): Change | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const fields = value as Fields;
    const origin = isString(fields['origin']) ? { origin: fields['origin'] } : {};
    switch (fields['kind']) {
      case 'user':
      case 'org':
      case 'notes':
        return isString(fields['id']) ? { kind: fields['kind'], id: fields['id'], ...origin } : null;
      case 'revocation': {
        const fact = decodeFact(fields['fact']);
        return fact ? { kind: 'revocation', fact, ...origin } : null;
      }
      case 'usage':
        return decodeUsage(fields);
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/**
 * Announces `change` to every instance (this one included) with `pg_notify` on `executor`. Pass the
 * write's transaction: PostgreSQL then delivers it only if that transaction commits, and never for
 * a rollback. Outside a transaction (a write that went to Clerk, not to us), pass the database.
 * Throws when the payload is too large for NOTIFY (a caller splits what it sends).
 */
export async function publish(executor: Executor, change: Change): Promise<void> {
  await executor.execute(sql`select ${notifyOf(change)}`);
}

/**
 * The `pg_notify` call announcing `change`, for a statement that announces as it writes. Throws when
 * the payload is too large for NOTIFY (a caller splits what it sends).
 */
export function notifyOf(change: Change): SQL {
  const payload = JSON.stringify(change);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new RangeError('change payload too large for NOTIFY');
  return sql`pg_notify(${CHANGE_CHANNEL}, ${payload})`;
}
