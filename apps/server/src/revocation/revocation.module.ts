import { Module } from '@nestjs/common';

import { RevocationList } from '@stack/clerk-auth';

import { DbModule } from '../db/db.module.js';
import { REVOCATION_RETENTION_MS, RevocationSync } from './revocation-sync.js';

/**
 * This instance's RevocationList (what Clerk's webhooks revoked before tokens expire), kept in step
 * with the mirror. Exported so other features can check against it or subscribe to it (a stream
 * to end when its user or session goes).
 */
@Module({
  imports: [DbModule],
  providers: [
    { provide: RevocationList, useFactory: () => new RevocationList({ retentionMs: REVOCATION_RETENTION_MS }) },
    RevocationSync,
  ],
  exports: [RevocationList],
})
export class RevocationModule {}
