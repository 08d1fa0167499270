import type { NoteChangeStreams } from './note-changes.js';
import type { NoteService } from './notes.js';

/** The profile the API serves. Timestamps are epoch milliseconds. */
export interface UserProfile {
  id: string;
  /** The primary email address, if the user has one. */
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  imageUrl: string;
  username: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ProfilePatch {
  firstName?: string;
  lastName?: string;
}

/**
 * Where users live. The host implements it (over an identity provider, a database, a fake);
 * failures are reported with the errors in `./errors`.
 */
export interface UserDirectory {
  getProfile(userId: string): Promise<UserProfile>;
  updateProfile(userId: string, patch: ProfilePatch): Promise<UserProfile>;
}

/**
 * Which layer answered a profile lookup, for hosts that count them (metrics): the in-memory
 * cache, the database mirror, or Clerk's Backend API.
 */
export type UserLookupSource = 'cache' | 'database' | 'clerk';

/** Everything the procedures may call, implemented by the host. */
export interface Services {
  users: UserDirectory;
  notes: NoteService;
  /** Live changes of the notes (`note.changes`). */
  noteChanges: NoteChangeStreams;
}
