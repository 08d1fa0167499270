import type { UserStore } from '../store/user-store.js';
import { loadSeedFile, parseSeed } from './load-seed.js';
import type { EmulatorSeed } from './seed-schema.js';

/** Validates the seed (object or file path) and creates its users; users already in the store (same id or email) are kept as they are. */
export async function seedUsers(users: UserStore, seed: EmulatorSeed | string | undefined): Promise<void> {
  if (seed === undefined) return;
  const data = typeof seed === 'string' ? await loadSeedFile(seed) : parseSeed(seed);
  // Sequential: keeps created_at order equal to file order (hashing dominates anyway).
  for (const user of data.users) {
    if (users.findByEmail(user.email) || (user.id !== undefined && users.get(user.id))) continue;
    await users.create({
      ...(user.id === undefined ? {} : { id: user.id }),
      email: user.email,
      password: user.password,
      firstName: user.firstName ?? null,
      lastName: user.lastName ?? null,
      ...(user.imageUrl === undefined ? {} : { imageUrl: user.imageUrl }),
      publicMetadata: user.publicMetadata ?? {},
      organization: user.organization ?? null,
    });
  }
}
