import { describe, expect, it } from 'vitest';

import type { UserDirectory, UserProfile } from '@stack/contracts';

import { CachedUserDirectory } from '../../src/index.js';

const profile = (id: string, firstName: string): UserProfile => ({
  id,
  email: `${id}@x.test`,
  firstName,
  lastName: null,
  imageUrl: '',
  username: null,
  createdAt: 1,
  updatedAt: 1,
});

/** A source holding one name per user; each load can be held open until the test releases it. */
class GatedSource implements UserDirectory {
  names = new Map<string, string>();
  calls = 0;
  private gates: (() => void)[] = [];
  hold = false;

  async getProfile(userId: string): Promise<UserProfile> {
    this.calls++;
    const name = this.names.get(userId) ?? 'none';
    if (this.hold) await new Promise<void>((release) => this.gates.push(release));
    return profile(userId, name);
  }
  async updateProfile(userId: string, patch: { firstName?: string }): Promise<UserProfile> {
    this.names.set(userId, patch.firstName ?? 'none');
    return profile(userId, this.names.get(userId)!);
  }
  release(): void {
    this.gates.splice(0).forEach((open) => open());
  }
}

describe('CachedUserDirectory invalidation', () => {
  it('invalidate(userId) makes the next call load again, for that user only', async () => {
    const source = new GatedSource();
    source.names.set('u1', 'Ada').set('u2', 'Grace');
    const users = new CachedUserDirectory(source);
    await users.getProfile('u1');
    await users.getProfile('u2');
    source.names.set('u1', 'Augusta');
    users.invalidate('u1');
    expect((await users.getProfile('u1')).firstName).toBe('Augusta');
    expect((await users.getProfile('u2')).firstName).toBe('Grace');
    expect(source.calls).toBe(3);
  });

  it('clear() forgets everyone', async () => {
    const source = new GatedSource();
    const users = new CachedUserDirectory(source);
    await users.getProfile('u1');
    await users.getProfile('u2');
    users.clear();
    await users.getProfile('u1');
    await users.getProfile('u2');
    expect(source.calls).toBe(4);
  });

  it('does not remember a load that was under way when the user was invalidated', async () => {
    const source = new GatedSource();
    source.names.set('u1', 'Old');
    const users = new CachedUserDirectory(source);
    source.hold = true;
    const before = users.getProfile('u1'); // reads "Old", then waits
    await Promise.resolve();
    source.names.set('u1', 'New');
    users.invalidate('u1');
    source.release();
    expect((await before).firstName).toBe('Old'); // answered, but not cached
    source.hold = false;
    expect((await users.getProfile('u1')).firstName).toBe('New');
    // The same after clear().
    source.hold = true;
    users.invalidate('u1');
    const again = users.getProfile('u1');
    await Promise.resolve();
    source.names.set('u1', 'Newest');
    users.clear();
    source.release();
    await again;
    source.hold = false;
    expect((await users.getProfile('u1')).firstName).toBe('Newest');
  });

  it('serves its own update at once (read-your-writes)', async () => {
    const source = new GatedSource();
    source.names.set('u1', 'Ada');
    const users = new CachedUserDirectory(source);
    await users.getProfile('u1');
    await users.updateProfile('u1', { firstName: 'Augusta' });
    expect((await users.getProfile('u1')).firstName).toBe('Augusta');
    expect(source.calls).toBe(1);
  });
});
