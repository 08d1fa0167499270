import type { NoteService, Services, UserDirectory } from '@stack/contracts';

import { InMemoryNoteChanges, InMemoryNoteService } from '../../src/testing/index.js';

/** The services a context needs, over in-memory fakes: `notes` may be swapped for a steered one. */
export function inMemoryServices(
  users: UserDirectory,
  log: InMemoryNoteService = new InMemoryNoteService(),
  notes: NoteService = log,
): Services {
  return { users, notes, noteChanges: new InMemoryNoteChanges(log) };
}
