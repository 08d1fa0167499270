import { type ProfilePatch, type UserDirectory, UserNotFoundError, type UserProfile } from '@stack/contracts';

/** A host-side directory kept in memory: the API's own contract, without any identity provider. */
export class InMemoryUsers implements UserDirectory {
  readonly profiles = new Map<string, UserProfile>();
  calls = 0;

  add(profile: Partial<UserProfile> & { id: string }): UserProfile {
    const full: UserProfile = {
      email: `${profile.id}@example.com`,
      firstName: null,
      lastName: null,
      imageUrl: 'https://img.example/avatar.png',
      username: null,
      createdAt: 1,
      updatedAt: 1,
      ...profile,
    };
    this.profiles.set(full.id, full);
    return full;
  }

  async getProfile(userId: string): Promise<UserProfile> {
    this.calls++;
    const profile = this.profiles.get(userId);
    if (!profile) throw new UserNotFoundError(userId);
    return { ...profile };
  }

  async updateProfile(userId: string, patch: ProfilePatch): Promise<UserProfile> {
    const current = await this.getProfile(userId);
    const next = { ...current, ...patch, updatedAt: current.updatedAt + 1 };
    this.profiles.set(userId, next);
    return { ...next };
  }
}

/** A directory whose every call fails with `error`: an outage, a bug, or never meant to be called. */
export function failingUsers(error: Error): UserDirectory {
  return { getProfile: () => Promise.reject(error), updateProfile: () => Promise.reject(error) };
}
