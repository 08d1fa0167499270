// `@stack/api/testing`: contract fakes for tests of the router and of its clients.
export { InMemoryNoteChanges } from './in-memory-note-changes.js';
export { InMemoryNoteService, type RecordedChange } from './in-memory-notes.js';
