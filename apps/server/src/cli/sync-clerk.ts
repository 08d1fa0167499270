// `pnpm db:sync-clerk`: repairs the database mirror from Clerk's Backend API and prints counts;
// its repairs are announced on the change bus, so running instances drop what they cached.
import { DataDirInUseError, Mirror, openDatabase, type RepairCounts } from '@stack/db';

import { publishMirrorChange } from '../changes/mirror-publisher.js';
import { ConfigError } from '../config/config-error.js';
import { syncClerk, type SyncReport } from '../sync/sync-clerk.js';
import { loadSyncConfig } from './sync-clerk-config.js';

async function main(): Promise<void> {
  const { clerk, database } = loadSyncConfig(process.env);
  const open = await openDatabase(database);
  try {
    const started = Date.now();
    const report: SyncReport = await syncClerk(clerk, new Mirror(open.db, publishMirrorChange));
    const families = Object.entries(report) as [keyof SyncReport, RepairCounts][];
    for (const [family, c] of families)
      console.log(
        `${family.padEnd(13)} inserted ${c.inserted}, updated ${c.updated}, unchanged ${c.unchanged}, removed ${c.removed}`,
      );
    console.log(`Mirror repaired from Clerk in ${Date.now() - started} ms.`);
  } finally {
    await open.close();
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof ConfigError || error instanceof DataDirInUseError) {
    // A PGlite directory is one process's: stop the server (or use DATABASE_URL) to sync.
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
