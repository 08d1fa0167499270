import { Module } from '@nestjs/common';

import { CachedUserDirectory } from '@stack/clerk-auth';
import type { NoteService, UserDirectory, UserLookupSource } from '@stack/contracts';
import { DrizzleNoteService, Mirror, MirrorUserDirectory, type OpenDatabase } from '@stack/db';

import { CoherentUserDirectory } from '../changes/coherent-user-directory.js';
import { publishMirrorChange } from '../changes/mirror-publisher.js';
import { USER_CACHE_TTL_MS, USER_CACHE_TTL_WITHOUT_FEED_MS } from '../changes/user-cache-ttl.js';
import { CLERK_USERS } from '../clerk/auth.providers.js';
import { ClerkModule } from '../clerk/clerk.module.js';
import { METRICS, type Metrics } from '../metrics/metrics.js';
import { DatabaseModule } from './database.module.js';
import { DATABASE, MIRROR, NOTE_SERVICE, USER_DIRECTORY } from './db.tokens.js';

/** The database (see DatabaseModule), its Clerk mirror and the services over them. */
@Module({
  imports: [DatabaseModule, ClerkModule],
  providers: [
    {
      provide: MIRROR,
      inject: [DATABASE],
      useFactory: (database: OpenDatabase) => new Mirror(database.db, publishMirrorChange),
    },
    {
      provide: USER_DIRECTORY,
      inject: [DATABASE, MIRROR, CLERK_USERS, METRICS],
      useFactory: (database: OpenDatabase, mirror: Mirror, clerk: UserDirectory, metrics: Metrics): UserDirectory => {
        const feed = database.changes;
        const counted = metrics.enabled ? (source: UserLookupSource) => metrics.userLookup(source) : undefined;
        const cache = new CachedUserDirectory(new MirrorUserDirectory(mirror, clerk, counted), {
          ttlMs: () => (feed.health().connected ? USER_CACHE_TTL_MS : USER_CACHE_TTL_WITHOUT_FEED_MS),
          onLookup: counted,
        });
        // This process's committed mirror writes (webhooks, the sync) evict their users at once;
        // the bus tells the other instances, and this one again, which is harmless.
        mirror.onCommit((change) => change.users.forEach((id) => cache.invalidate(id)));
        return new CoherentUserDirectory(cache, feed);
      },
    },
    {
      provide: NOTE_SERVICE,
      inject: [DATABASE, USER_DIRECTORY],
      useFactory: (database: OpenDatabase, users: UserDirectory): NoteService =>
        new DrizzleNoteService(database.db, users),
    },
  ],
  exports: [DatabaseModule, MIRROR, NOTE_SERVICE, USER_DIRECTORY],
})
export class DbModule {}
