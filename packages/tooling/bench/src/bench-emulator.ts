import { setMaxListeners } from 'node:events';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { DEV_SEED, WEB_ORIGIN } from '@stack/test-harness';

/** The organization the notes cases read and write in; Ada is its admin (APP_ROLES' org:admin). */
export const NOTES_ORG_ID = 'org_bench';

export interface BenchIdentity {
  emulator: ClerkEmulator;
  /** `Bearer <token>` for one user (Ada). */
  oneUser: string;
  /** `Bearer <token>` for each of `users` distinct users. */
  manyUsers: string[];
  /** Ada's user id. */
  adaId: string;
  /** `Bearer <token>` for Ada with NOTES_ORG_ID active (org:notes:read and org:notes:manage). */
  orgAdmin: string;
}

/**
 * The Clerk emulator in the harness's own process (its request counters are read directly),
 * seeded with `users` users and one session token each, valid for the whole run.
 */
export async function startBenchEmulator(options: {
  latencyMs: number;
  users: number;
  tokenLifetimeSeconds: number;
}): Promise<BenchIdentity> {
  // Every delayed Backend API response listens on the emulator's lifetime signal; with 100
  // connections in flight that passes Node's leak warning threshold (10) by design.
  setMaxListeners(1_000);
  // The app's roles (as `pnpm dev` has them), so an org token carries the notes permissions.
  const emulator = await startClerkEmulator({
    latencyMs: options.latencyMs,
    seed: { roles: DEV_SEED.roles, users: [] },
  });
  const ada = await emulator.users.create({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
  // No membership limit (0, as Clerk's unlimited plans): the realtime cases make a hundred members.
  emulator.organizations.create({
    id: NOTES_ORG_ID,
    name: 'Bench Inc',
    slug: 'bench',
    createdBy: ada.id,
    maxAllowedMemberships: 0,
  });
  const mint = (userId: string, organizationId?: string) =>
    emulator
      .mintSessionToken({
        userId,
        azp: WEB_ORIGIN,
        expiresInSeconds: options.tokenLifetimeSeconds,
        ...(organizationId ? { organizationId } : {}),
      })
      .then((t) => `Bearer ${t}`);

  const manyUsers: string[] = [await mint(ada.id)];
  for (let i = 1; i < options.users; i++) {
    const user = await emulator.users.create({
      email: `bench-user-${i}@example.com`,
      firstName: 'Bench',
      lastName: `User ${i}`,
    });
    manyUsers.push(await mint(user.id));
  }
  return {
    emulator,
    oneUser: await mint(ada.id),
    manyUsers,
    adaId: ada.id,
    orgAdmin: await mint(ada.id, NOTES_ORG_ID),
  };
}
