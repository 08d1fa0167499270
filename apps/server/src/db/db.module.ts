import { Logger, Module } from '@nestjs/common';

import type { NoteService, UserDirectory } from '@stack/api';
import { DrizzleNoteService, type OpenDatabase, openDatabase, seedDevelopmentData } from '@stack/db';

import { USER_DIRECTORY } from '../clerk/auth.providers.js';
import { ClerkModule } from '../clerk/clerk.module.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DatabaseLifecycle } from './database.lifecycle.js';
import { DATABASE, NOTE_SERVICE } from './db.tokens.js';

const logger = new Logger('Database');

/** The app's database (opened and migrated at boot) and the services over it. */
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
      provide: NOTE_SERVICE,
      inject: [DATABASE, USER_DIRECTORY],
      useFactory: (database: OpenDatabase, users: UserDirectory): NoteService =>
        new DrizzleNoteService(database.db, users),
    },
    DatabaseLifecycle,
  ],
  exports: [DATABASE, NOTE_SERVICE],
})
export class DbModule {}
