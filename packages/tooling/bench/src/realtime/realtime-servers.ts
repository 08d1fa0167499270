import { fileURLToPath } from 'node:url';

import type { BenchIdentity } from '../bench-emulator.js';
import { OUR_SERVER, ourServerEnv } from '../contenders.js';
import type { ServerSpec } from '../measure.js';

export const REALTIME_SIDES = ['reference', 'ours'] as const;
export type RealtimeSide = (typeof REALTIME_SIDES)[number];

const REFERENCE = fileURLToPath(new URL('../servers/realtime-reference-server.js', import.meta.url));

/** The subscription both sides serve, and the change that feeds it. */
export const CHANGES_PATH = '/trpc/note.changes';
const CHANGE_PATH = '/trpc/note.create';

/** tRPC standalone with an in-process emitter, or our built server on PostgreSQL. */
export function realtimeServer(side: RealtimeSide, identity: BenchIdentity, databaseUrl: string): ServerSpec {
  return side === 'ours'
    ? { script: OUR_SERVER, env: { ...ourServerEnv(identity), DATABASE_URL: databaseUrl }, readyPath: '/health' }
    : { script: REFERENCE, env: { NODE_ENV: 'production' }, readyPath: '/trpc/health' };
}

/** Makes one note change through `url` (ours: a real note.create as the org's admin). */
export async function makeChange(side: RealtimeSide, url: string, identity: BenchIdentity, title: string) {
  const res = await fetch(`${url}${CHANGE_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(side === 'ours' ? { authorization: identity.orgAdmin } : {}),
    },
    body: JSON.stringify({ title }),
  });
  if (!res.ok) throw new Error(`${side}: note.create answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}
