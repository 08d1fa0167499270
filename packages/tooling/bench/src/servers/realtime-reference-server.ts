// The realtime reference: tRPC's own standalone adapter on node:http serving the same kind of
// subscription as `note.changes` (tracked events of a scope's note changes, SSE with the same ping
// and reconnect settings) from an in-process emitter, and a mutation that emits a note change. No
// NestJS, no auth, no database: what tRPC alone costs to hold streams and fan a change out.
import { randomUUID } from 'node:crypto';
import { EventEmitter, on } from 'node:events';

import { initTRPC, tracked } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';

import type { Note, NoteChange } from '@stack/contracts';

import { listenFromEnv } from './listen-from-env.js';

// The server's defaults (SSE_PING_MS 15000, reconnect after twice that plus 5 s), as ours runs them.
const t = initTRPC.create({
  isDev: false,
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 35_000 } },
});
const changes = new EventEmitter();
changes.setMaxListeners(0);
let sequence = 0;

const router = t.router({
  health: t.procedure.query(() => ({ status: 'ok' as const })),
  note: t.router({
    changes: t.procedure
      .input((raw) => raw as { lastEventId?: string | null } | undefined)
      .subscription(async function* ({ signal }) {
        for await (const [id, change] of on(changes, 'change', { signal }) as AsyncIterable<[string, NoteChange]>)
          yield tracked(id, change);
      }),
    create: t.procedure
      .input((raw) => raw as { title: string; body?: string })
      .mutation(({ input }) => {
        const now = Date.now();
        const note: Note = {
          id: randomUUID(),
          title: input.title,
          body: input.body ?? '',
          orgId: 'org_bench',
          author: { id: 'user_bench', name: 'Ada Lovelace', imageUrl: null },
          editedBy: null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        changes.emit('change', String(++sequence), { kind: 'created', note } satisfies NoteChange);
        return note;
      }),
  }),
});

listenFromEnv(createHTTPServer({ router, basePath: '/trpc/' }));
