import { Module } from '@nestjs/common';

import type { NoteService, UserDirectory } from '@stack/api';
import { DrizzleNoteService, type OpenDatabase } from '@stack/db';

import { USER_DIRECTORY } from '../clerk/auth.providers.js';
import { ClerkModule } from '../clerk/clerk.module.js';
import { DatabaseModule } from './database.module.js';
import { DATABASE, NOTE_SERVICE } from './db.tokens.js';

/** The database (see DatabaseModule) and the services over it. */
@Module({
  imports: [DatabaseModule, ClerkModule],
  providers: [
    {
      provide: NOTE_SERVICE,
      inject: [DATABASE, USER_DIRECTORY],
      useFactory: (database: OpenDatabase, users: UserDirectory): NoteService =>
        new DrizzleNoteService(database.db, users),
    },
  ],
  exports: [DatabaseModule, NOTE_SERVICE],
})
export class DbModule {}
