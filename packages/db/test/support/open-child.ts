// Run in a separate process (tests spawn it through jiti): opens the database the environment names,
// prints READY, then holds it until killed (HOLD=1) or closes it and exits 0. Failures exit 1.
import { databaseOptionsFromEnv, openDatabase } from '../../src/index.js';

try {
  const open = await openDatabase(databaseOptionsFromEnv(process.env));
  console.log('READY');
  if (process.env['HOLD'] === '1') setInterval(() => {}, 60_000);
  else await open.close();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
