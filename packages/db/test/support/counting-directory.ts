import { type ProfilePatch, type UserDirectory, UserNotFoundError, type UserProfile } from '@stack/contracts';

/** A directory holding a few users, counting the loads (a stand-in for Clerk's Backend API). */
export class CountingDirectory implements UserDirectory {
  loads = 0;
  updates = 0;
  private readonly profiles = new Map<string, UserProfile>();

  add(id: string, firstName: string | null, lastName: string | null = null): this {
    this.profiles.set(id, {
      id,
      email: `${id}@example.com`,
      firstName,
      lastName,
      imageUrl: `https://img.example/${id}.png`,
      username: null,
      createdAt: 1,
      updatedAt: 1,
    });
    return this;
  }

  async getProfile(userId: string): Promise<UserProfile> {
    this.loads++;
    await Promise.resolve();
    const profile = this.profiles.get(userId);
    if (!profile) throw new UserNotFoundError(userId);
    return { ...profile };
  }

  /** Applies the patch and moves `updatedAt` on, as Clerk does; counted in `updates`. */
  async updateProfile(userId: string, patch: ProfilePatch): Promise<UserProfile> {
    this.updates++;
    await Promise.resolve();
    const profile = this.profiles.get(userId);
    if (!profile) throw new UserNotFoundError(userId);
    const updated = { ...profile, ...patch, updatedAt: profile.updatedAt + 1_000 };
    this.profiles.set(userId, updated);
    return { ...updated };
  }
}
