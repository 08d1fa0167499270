// The notes reference: tRPC's own standalone adapter on node:http with note.list and note.create
// running the notes service's own statements (@stack/db's note queries), on the same database
// as our server. No NestJS, no auth, no input validation: what tRPC alone costs on these calls,
// so a run tells apart what our stack adds from what tRPC itself costs against the bare floor.
import { initTRPC } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';

import { createNote, selectPage } from '@stack/db';

import { notesServerSetup } from './notes-server-setup.js';

const { database, authorId, scope } = await notesServerSetup();

// Same settings as the app's router (packages/api/src/trpc.ts): no transformer, isDev off.
const t = initTRPC.create({ isDev: false });
const router = t.router({
  health: t.procedure.query(() => ({ status: 'ok' as const })),
  note: t.router({
    // The service asks for one row more than the page, to know whether another page follows.
    list: t.procedure
      .input((raw) => raw as { limit: number })
      .query(({ input }) => selectPage(database.db, scope, null, input.limit + 1)),
    create: t.procedure
      .input((raw) => raw as { title: string; body: string })
      .mutation(({ input }) => database.db.transaction((tx) => createNote(tx, scope, authorId, input))),
  }),
});

const server = createHTTPServer({ router, basePath: '/trpc/' });
server.listen(Number(process.env['PORT'] ?? 0), process.env['HOST'] ?? '127.0.0.1');
// The harness stops contenders with SIGTERM: close the database (PGlite's lock file) and exit normally.
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => {
    void database.close().finally(() => process.exit(0));
  });
});
