import { APP_ROLES, type AppPermission, type AppRole, type SystemPermission } from '@stack/api/contracts';

import type { EmulatorSeed } from './seed-schema.js';

/** The seed's type bound to the app's permission model: an unknown role or permission does not compile. */
export type AppSeed = EmulatorSeed<AppRole, AppPermission, SystemPermission>;

/**
 * The development users and organizations for `pnpm dev`, the e2e tests and the README. Roles
 * come from the app's own declaration (`APP_ROLES`), so the emulator grants exactly what the
 * API checks.
 */
export const DEV_SEED = {
  roles: APP_ROLES.map((role) => ({
    key: role.key,
    name: role.name,
    description: role.description,
    permissions: role.permissions,
    systemPermissions: role.systemPermissions,
  })),
  organizations: [
    { id: 'org_acme', name: 'Acme Inc', slug: 'acme', createdBy: 'user_ada' },
    { id: 'org_globex', name: 'Globex', slug: 'globex', createdBy: 'user_grace' },
  ],
  users: [
    {
      id: 'user_ada',
      email: 'ada@example.com',
      password: 'correct-horse-battery',
      firstName: 'Ada',
      lastName: 'Lovelace',
      memberships: [{ organization: 'org_acme', role: 'org:admin' }],
    },
    {
      id: 'user_grace',
      email: 'grace@example.com',
      password: 'another-long-pass',
      firstName: 'Grace',
      lastName: 'Hopper',
      memberships: [
        { organization: 'org_acme', role: 'org:member' },
        { organization: 'org_globex', role: 'org:admin' },
      ],
    },
    {
      id: 'user_alan',
      email: 'alan@example.com',
      password: 'halting-problem-42',
      firstName: 'Alan',
      lastName: 'Turing',
    },
  ],
} as const satisfies AppSeed;

/** The dev users' passwords, for tests and scripts that sign in (`DEV_PASSWORDS['ada@example.com']`). */
export const DEV_PASSWORDS: Readonly<Record<(typeof DEV_SEED.users)[number]['email'], string>> = Object.fromEntries(
  DEV_SEED.users.map((u) => [u.email, u.password]),
) as Record<(typeof DEV_SEED.users)[number]['email'], string>;
