import { databaseOptionsFromEnv, openDatabase } from './open-database.js';

// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the PGlite dir in
// PGLITE_DIR (relative to where pnpm was invoked). With the server running on that PGlite dir,
// this is refused: one process per dir.
const options = databaseOptionsFromEnv(process.env, process.env['INIT_CWD'] ?? process.cwd());
const started = Date.now();
try {
  const open = await openDatabase(options);
  await open.close();
  console.log(`Migrations applied (${open.kind}) in ${Date.now() - started} ms`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
