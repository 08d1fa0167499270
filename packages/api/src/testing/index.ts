// `@stack/api/testing`: contract fakes for tests of the router and of its clients.
export { InMemoryNoteService } from './in-memory-notes.js';
