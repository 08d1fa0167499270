/** The database's note event streams (`NoteEventStreams` from @stack/db) on this instance. */
export const NOTE_EVENT_STREAMS = Symbol('NOTE_EVENT_STREAMS');
/** `note.changes`' service (`NoteChangeStreams`): the streams, registered with the StreamRegistry. */
export const NOTE_CHANGES = Symbol('NOTE_CHANGES');
