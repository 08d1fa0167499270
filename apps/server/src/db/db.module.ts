import { Module } from '@nestjs/common';

import { InMemoryNoteService } from '@stack/api/testing';

import { NOTE_SERVICE } from './db.tokens.js';

/** The app's data. Interim: notes in memory until the database package lands. */
@Module({
  providers: [{ provide: NOTE_SERVICE, useFactory: () => new InMemoryNoteService() }],
  exports: [NOTE_SERVICE],
})
export class DbModule {}
