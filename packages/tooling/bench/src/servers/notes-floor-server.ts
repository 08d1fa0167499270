// The notes floor: a bare Fastify route per case running the notes service's own statements
// (@stack/db's note queries) on the same database as our server. No NestJS, no tRPC, no auth:
// the least work a page of notes or a new note can cost on this database and driver.
import Fastify from 'fastify';

import { createNote, selectPage } from '@stack/db';

import { notesServerSetup, required } from './notes-server-setup.js';

const { database, authorId, scope } = await notesServerSetup();
const page = Number(required('NOTES_PAGE'));

const app = Fastify({ logger: false });
app.get('/health', () => ({ status: 'ok' }));
// The service asks for one row more than the page, to know whether another page follows.
app.get('/notes', () => selectPage(database.db, scope, null, page + 1));
// The service's own write: the note, its read-back and its outbox event, in one transaction.
app.post('/notes', (request) => {
  const draft = request.body as { title: string; body: string };
  return database.db.transaction((tx) => createNote(tx, scope, authorId, draft));
});

await app.listen({ port: Number(process.env['PORT'] ?? 0), host: process.env['HOST'] ?? '127.0.0.1' });
// The harness stops contenders with SIGTERM: close the database (PGlite's lock file) and exit normally.
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
