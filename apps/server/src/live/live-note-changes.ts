import type { NoteChangeEvent, NoteChangeStreams, NoteScope, StreamHolder } from '@stack/contracts';
import type { NoteEventStream, NoteEventStreams } from '@stack/db';

import type { StreamRegistry } from './stream-registry.js';

/**
 * `note.changes` on this instance: the database's event streams, each registered with the stream
 * registry for as long as it is open (the per-user limit, lifetime, drain and revocation reach
 * it through the registry).
 */
export class LiveNoteChanges implements NoteChangeStreams {
  constructor(
    private readonly registry: StreamRegistry,
    private readonly streams: NoteEventStreams,
  ) {}

  async open(
    scope: NoteScope,
    holder: StreamHolder,
    lastEventId: string | null,
    signal: AbortSignal,
  ): Promise<AsyncIterable<NoteChangeEvent>> {
    let stream: NoteEventStream | undefined;
    let endedWhileOpening: Error | undefined;
    const lease = this.registry.open(holder, (error) => {
      if (stream) stream.end(error);
      else endedWhileOpening ??= error;
    });
    try {
      // The stream releases its lease when it closes, however it closes (the client leaving included).
      stream = await this.streams.open(scope, lastEventId, signal, () => lease.release());
    } catch (error) {
      lease.release();
      throw error;
    }
    if (endedWhileOpening) stream.end(endedWhileOpening);
    return stream;
  }
}
