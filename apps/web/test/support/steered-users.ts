import {
  type ProfilePatch,
  ServiceUnavailableError,
  type UserDirectory,
  UserNotFoundError,
  type UserProfile,
} from '@stack/contracts';

const ADA: UserProfile = {
  id: 'user_ada',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  imageUrl: '',
  username: null,
  createdAt: 1,
  updatedAt: 1,
};

/** A user directory the test steers: what it answers and when. */
export class SteeredUsers implements UserDirectory {
  profile: UserProfile = ADA;
  down = false;
  reads = 0;
  /** Every patch the API passed on, in order: what the form actually sent. */
  patches: ProfilePatch[] = [];
  /** Resolve to let a pending read answer (for the loading state). */
  gate: Promise<void> | null = null;

  /** Back to Ada's profile, answering at once, nothing read or sent yet. */
  reset(): void {
    this.profile = ADA;
    this.down = false;
    this.reads = 0;
    this.patches = [];
    this.gate = null;
  }

  async getProfile(userId: string): Promise<UserProfile> {
    this.reads++;
    if (this.gate) await this.gate;
    if (this.down) throw new ServiceUnavailableError('directory down', 5);
    if (userId !== this.profile.id) throw new UserNotFoundError(userId);
    return { ...this.profile };
  }

  async updateProfile(_userId: string, patch: ProfilePatch): Promise<UserProfile> {
    this.patches.push(patch);
    if (this.down) throw new ServiceUnavailableError('directory down', 5);
    this.profile = { ...this.profile, ...patch, updatedAt: this.profile.updatedAt + 1 };
    return { ...this.profile };
  }
}
