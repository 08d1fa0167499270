import { describe, expect, it } from 'vitest';

import { ServiceUnavailableError, type UserDirectory, UserNotFoundError, type UserProfile } from '@stack/contracts';

import { CachedUserDirectory } from '../../src/index.js';
import { SingleFlight } from '../../src/util/single-flight.js';
import { TtlCache } from '../../src/util/ttl-cache.js';

const profile = (id: string, firstName = 'A'): UserProfile => ({
  id,
  email: `${id}@x.test`,
  firstName,
  lastName: null,
  imageUrl: 'https://img.test/a.png',
  username: null,
  createdAt: 1,
  updatedAt: 1,
});

/** A source whose answers the test controls, counting calls. */
class ScriptedSource implements UserDirectory {
  calls = 0;
  next: () => Promise<UserProfile> = async () => profile('user_1');
  getProfile(): Promise<UserProfile> {
    this.calls++;
    return this.next();
  }
  nextUpdate: (userId: string, patch: { firstName?: string }) => Promise<UserProfile> = async (userId, patch) =>
    profile(userId, patch.firstName);
  updateProfile(userId: string, patch: { firstName?: string }): Promise<UserProfile> {
    return this.nextUpdate(userId, patch);
  }
}

describe('TtlCache', () => {
  it('expires entries and stays within its bound, dropping the oldest write', () => {
    let now = 0;
    const cache = new TtlCache<string, number>(2, () => now);
    cache.set('a', 1, 100);
    cache.set('b', 2, 100);
    cache.set('c', 3, 100);
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe(3);
    now = 100;
    expect(cache.get('c')).toBeUndefined();
  });
});

describe('SingleFlight', () => {
  it('shares one load among concurrent callers and forgets it once settled', async () => {
    const flight = new SingleFlight<string, number>();
    let loads = 0;
    const load = () => new Promise<number>((r) => setTimeout(() => r(++loads), 5));
    expect(await Promise.all([flight.run('k', load), flight.run('k', load)])).toEqual([1, 1]);
    expect(flight.size).toBe(0);
    expect(await flight.run('k', load)).toBe(2);
  });
});

describe('CachedUserDirectory', () => {
  it('serves from cache within the TTL and reloads after it', async () => {
    let now = 0;
    const source = new ScriptedSource();
    const users = new CachedUserDirectory(source, { ttlMs: 1000, now: () => now });
    await users.getProfile('user_1');
    await users.getProfile('user_1');
    expect(source.calls).toBe(1);
    now = 1001;
    await users.getProfile('user_1');
    expect(source.calls).toBe(2);
  });

  it('refreshes a profile in use in the background before it expires, without making callers wait', async () => {
    let now = 0;
    const source = new ScriptedSource();
    const users = new CachedUserDirectory(source, { ttlMs: 1000, refreshAheadMs: 200, now: () => now });
    await users.getProfile('user_1');
    now = 700; // fresh, outside the refresh window
    await users.getProfile('user_1');
    expect(source.calls).toBe(1);
    now = 850; // inside the window: served from cache, one refresh starts
    source.next = async () => profile('user_1', 'Refreshed');
    expect((await users.getProfile('user_1')).firstName).toBe('A');
    await users.getProfile('user_1');
    await new Promise((r) => setTimeout(r, 0));
    expect(source.calls).toBe(2);
    now = 1500; // past the old TTL, but the refreshed entry is fresh
    expect((await users.getProfile('user_1')).firstName).toBe('Refreshed');
    expect(source.calls).toBe(2);
  });

  it('loads each user once for concurrent requests', async () => {
    const source = new ScriptedSource();
    source.next = () => new Promise((r) => setTimeout(() => r(profile('user_1')), 5));
    const users = new CachedUserDirectory(source);
    await Promise.all(Array.from({ length: 10 }, () => users.getProfile('user_1')));
    expect(source.calls).toBe(1);
  });

  it('serves a stale profile while the source is down, within the staleness bound', async () => {
    let now = 0;
    const source = new ScriptedSource();
    const users = new CachedUserDirectory(source, { ttlMs: 1000, staleIfErrorMs: 5000, now: () => now });
    await users.getProfile('user_1');
    source.next = () => Promise.reject(new ServiceUnavailableError('down', 3));
    now = 3000;
    expect(await users.getProfile('user_1')).toMatchObject({ id: 'user_1' });
    now = 6001;
    await expect(users.getProfile('user_1')).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('never serves stale data for a user that no longer exists', async () => {
    let now = 0;
    const source = new ScriptedSource();
    const users = new CachedUserDirectory(source, { ttlMs: 1000, now: () => now });
    await users.getProfile('user_1');
    source.next = () => Promise.reject(new UserNotFoundError('user_1'));
    now = 1500;
    await expect(users.getProfile('user_1')).rejects.toBeInstanceOf(UserNotFoundError);
  });

  it('evicts a user at once when an update answers 404: the next read asks the source again', async () => {
    const source = new ScriptedSource();
    const users = new CachedUserDirectory(source, { ttlMs: 60_000 });
    await users.getProfile('user_1');
    source.nextUpdate = () => Promise.reject(new UserNotFoundError('user_1'));
    source.next = () => Promise.reject(new UserNotFoundError('user_1'));
    await expect(users.updateProfile('user_1', { firstName: 'B' })).rejects.toBeInstanceOf(UserNotFoundError);
    // Well within the TTL: without the eviction the cached profile would still be served.
    await expect(users.getProfile('user_1')).rejects.toBeInstanceOf(UserNotFoundError);
    expect(source.calls).toBe(2);
  });

  it('evicts a user at once when a background refresh answers 404', async () => {
    let now = 0;
    const source = new ScriptedSource();
    const users = new CachedUserDirectory(source, { ttlMs: 1000, refreshAheadMs: 200, now: () => now });
    await users.getProfile('user_1');
    source.next = () => Promise.reject(new UserNotFoundError('user_1'));
    now = 850; // refresh window: served from cache while the refresh runs
    expect((await users.getProfile('user_1')).id).toBe('user_1');
    await new Promise((r) => setTimeout(r, 0));
    expect(source.calls).toBe(2);
    now = 860; // still inside the old TTL
    await expect(users.getProfile('user_1')).rejects.toBeInstanceOf(UserNotFoundError);
  });

  it('keeps the cached profile when an update fails for another reason', async () => {
    const source = new ScriptedSource();
    const users = new CachedUserDirectory(source);
    await users.getProfile('user_1');
    source.nextUpdate = () => Promise.reject(new ServiceUnavailableError('down', 3));
    await expect(users.updateProfile('user_1', { firstName: 'B' })).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect((await users.getProfile('user_1')).firstName).toBe('A');
    expect(source.calls).toBe(1);
  });

  it('writes through: an update replaces the cached profile', async () => {
    const source = new ScriptedSource();
    const users = new CachedUserDirectory(source);
    await users.getProfile('user_1');
    await users.updateProfile('user_1', { firstName: 'B' });
    expect((await users.getProfile('user_1')).firstName).toBe('B');
    expect(source.calls).toBe(1);
  });
});

describe('CachedUserDirectory coherence hooks', () => {
  it('invalidate(userId) drops one user and clear() everyone; the next lookup loads again', async () => {
    const source = new ScriptedSource();
    source.next = async () => profile('user_1', `v${source.calls}`);
    const users = new CachedUserDirectory(source, { ttlMs: 60_000 });
    expect((await users.getProfile('user_1')).firstName).toBe('v1');
    expect((await users.getProfile('user_1')).firstName).toBe('v1');
    users.invalidate('user_1');
    expect((await users.getProfile('user_1')).firstName).toBe('v2');
    users.clear();
    expect((await users.getProfile('user_1')).firstName).toBe('v3');
    expect(source.calls).toBe(3);
  });

  it('a load that started before an invalidation neither fills the cache nor is shared with later callers', async () => {
    const source = new ScriptedSource();
    let release = (_p: UserProfile) => {};
    source.next = () => new Promise<UserProfile>((resolve) => (release = resolve));
    const users = new CachedUserDirectory(source, { ttlMs: 60_000 });
    const early = users.getProfile('user_1'); // reads the old profile, slowly
    users.invalidate('user_1'); // the change arrives meanwhile
    const releaseEarly = release;
    source.next = async () => profile('user_1', 'new');
    const late = users.getProfile('user_1');
    releaseEarly(profile('user_1', 'old'));
    expect((await early).firstName).toBe('old');
    expect((await late).firstName).toBe('new');
    expect((await users.getProfile('user_1')).firstName).toBe('new');
    expect(source.calls).toBe(2);
  });

  it('reads its TTL on every lookup, so shortening it bounds entries cached before', async () => {
    let now = 0;
    let ttl = 60_000;
    const source = new ScriptedSource();
    const users = new CachedUserDirectory(source, { ttlMs: () => ttl, now: () => now });
    await users.getProfile('user_1');
    now = 3_000; // fresh under the short TTL, outside its refresh-ahead window
    ttl = 5_000;
    await users.getProfile('user_1');
    expect(source.calls).toBe(1);
    now = 5_001; // 5 s after the load, under the short TTL: stale, reloaded
    await users.getProfile('user_1');
    expect(source.calls).toBe(2);
  });
});
