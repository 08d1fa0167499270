import { afterAll, beforeAll, beforeEach } from 'vitest';

import { startTestApiServer, type TestApiServer } from '@stack/test-harness/api';

import { MemoryNotes } from './memory-notes';
import { NOTES_SESSIONS } from './sessions';
import { SteeredUsers } from './steered-users';

/**
 * The notes tests' API for the enclosing `describe`: the real router over HTTP with the notes
 * callers' tokens, in-memory notes that serve their live changes too (reset before each test), and
 * streams told to reconnect after 30 ms (as the server's mount does with SSE_RECONNECT_MS), not
 * a browser's default 3 s.
 */
export function useNotesApi(): { notes: MemoryNotes; url(): string } {
  const notes = new MemoryNotes();
  let api: TestApiServer | undefined;
  beforeAll(async () => {
    api = await startTestApiServer({
      sessions: NOTES_SESSIONS,
      services: { users: new SteeredUsers(), notes, noteChanges: notes },
      sseRetryMs: 30,
    });
  });
  afterAll(() => api?.close());
  beforeEach(() => notes.reset());
  return { notes, url: () => api!.url };
}
