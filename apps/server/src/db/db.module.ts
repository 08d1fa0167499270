import { Logger, Module } from '@nestjs/common';

import type { NoteService, UserDirectory } from '@stack/api';
import { CachedUserDirectory } from '@stack/clerk-auth';
import {
  DrizzleNoteService,
  Mirror,
  MirrorUserDirectory,
  type OpenDatabase,
  openDatabase,
  seedDevelopmentData,
} from '@stack/db';

import { CLERK_USERS } from '../clerk/auth.providers.js';
import { ClerkModule } from '../clerk/clerk.module.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DatabaseLifecycle } from './database.lifecycle.js';
import { DATABASE, MIRROR, NOTE_SERVICE, USER_CACHE, USER_DIRECTORY } from './db.tokens.js';

const logger = new Logger('Database');

/** The app's database (opened and migrated at boot), its Clerk mirror and the services over them. */
@Module({
  imports: [ClerkModule],
  providers: [
    {
      provide: DATABASE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<OpenDatabase> => {
        const started = Date.now();
        const database = await openDatabase(config.database);
        if (config.env === 'development') await seedDevelopmentData(database.db);
        const where = config.database.kind === 'pglite' ? ` in ${config.database.dataDir}` : '';
        logger.log(`${database.kind}${where} ready in ${Date.now() - started} ms`);
        return database;
      },
    },
    {
      provide: MIRROR,
      inject: [DATABASE],
      // A cross-instance publisher (pg_notify in the transaction) goes here: new Mirror(db, publish).
      useFactory: (database: OpenDatabase) => new Mirror(database.db),
    },
    {
      provide: USER_DIRECTORY,
      inject: [MIRROR, CLERK_USERS],
      useFactory: (mirror: Mirror, clerk: UserDirectory): UserDirectory => {
        const cache = new CachedUserDirectory(new MirrorUserDirectory(mirror, clerk));
        // Every committed mirror write of this process (webhook, first load, update, ...) evicts its users.
        mirror.onCommit((change) => change.users.forEach((id) => cache.invalidate(id)));
        return cache;
      },
    },
    { provide: USER_CACHE, useExisting: USER_DIRECTORY },
    {
      provide: NOTE_SERVICE,
      inject: [DATABASE, USER_DIRECTORY],
      useFactory: (database: OpenDatabase, users: UserDirectory): NoteService =>
        new DrizzleNoteService(database.db, users),
    },
    DatabaseLifecycle,
  ],
  exports: [DATABASE, MIRROR, NOTE_SERVICE, USER_CACHE, USER_DIRECTORY],
})
export class DbModule {}
