import { afterAll, beforeAll, beforeEach } from 'vitest';

import { InMemoryNoteChanges, InMemoryNoteService } from '@stack/api/testing';
import { startTestApiServer, type TestApiServer } from '@stack/test-harness/api';

import { PROFILE_SESSIONS } from './sessions';
import { SteeredUsers } from './steered-users';

/**
 * The profile tests' API for the enclosing `describe`: the real router over HTTP with Ada's token
 * (`TEST_TOKEN`) and a user directory the tests steer, reset before each test.
 */
export function useProfileApi(): { users: SteeredUsers; url(): string } {
  const users = new SteeredUsers();
  let api: TestApiServer | undefined;
  beforeAll(async () => {
    const notes = new InMemoryNoteService();
    api = await startTestApiServer({
      sessions: PROFILE_SESSIONS,
      services: { users, notes, noteChanges: new InMemoryNoteChanges(notes) },
    });
  });
  afterAll(() => api?.close());
  beforeEach(() => users.reset());
  return { users, url: () => api!.url };
}
