import { Module } from '@nestjs/common';

import type { NoteChangeStreams } from '@stack/contracts';
import { NoteEventStreams, type OpenDatabase } from '@stack/db';

import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DatabaseModule } from '../db/database.module.js';
import { DATABASE } from '../db/db.tokens.js';
import { RevocationModule } from '../revocation/revocation.module.js';
import { NOTE_CHANGES, NOTE_EVENT_STREAMS } from './live.tokens.js';
import { LiveNoteChanges } from './live-note-changes.js';
import { NoteEventRetentionJob } from './note-event-retention.job.js';
import { StreamRegistry } from './stream-registry.js';
import { StreamRevocations } from './stream-revocations.js';

/**
 * Live streams: the registry every open stream is in, `note.changes` over the notes outbox, its
 * retention, and the revocations from Clerk's webhooks that end streams.
 */
@Module({
  imports: [DatabaseModule, RevocationModule],
  providers: [
    {
      provide: StreamRegistry,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new StreamRegistry(config.streams),
    },
    {
      provide: NOTE_EVENT_STREAMS,
      inject: [DATABASE, APP_CONFIG],
      useFactory: (database: OpenDatabase, config: AppConfig) =>
        new NoteEventStreams(database.db, database.changes, config.streams.queueLimit),
    },
    {
      provide: NOTE_CHANGES,
      inject: [StreamRegistry, NOTE_EVENT_STREAMS],
      useFactory: (registry: StreamRegistry, streams: NoteEventStreams): NoteChangeStreams =>
        new LiveNoteChanges(registry, streams),
    },
    NoteEventRetentionJob,
    StreamRevocations,
  ],
  exports: [StreamRegistry, NOTE_CHANGES],
})
export class LiveModule {}
