import { APP_ROLES, type AppRole } from '@stack/api/contracts';
import type { EmulatorSeed } from '@stack/clerk-emulator';

import { type TestStack, WEB_ORIGIN } from './start-server.js';

const permissionsOf = (role: AppRole) => [...APP_ROLES.find((r) => r.key === role)!.permissions];
const membership = (role: AppRole) => ({
  id: 'org_acme',
  slug: 'acme',
  role: role.replace(/^org:/, ''),
  permissions: permissionsOf(role),
});

/** Ada admin of acme, Grace member of acme, Alan in no organization; roles from APP_ROLES. */
export const orgSeed: EmulatorSeed = {
  users: [
    {
      email: 'ada@example.com',
      password: 'correct-horse-battery',
      firstName: 'Ada',
      organization: membership('org:admin'),
    },
    {
      email: 'grace@example.com',
      password: 'another-long-pass',
      firstName: 'Grace',
      organization: membership('org:member'),
    },
    { email: 'alan@example.com', password: 'halting-problem-42', firstName: 'Alan' },
  ],
};

/** Who calls, in the role × procedure matrix. */
export const CALLERS = ['admin', 'member', 'no-active-org', 'personal', 'anonymous', 'pending'] as const;
export type Caller = (typeof CALLERS)[number];

const userOf = (stack: TestStack, email: string) => stack.emulator.users.findByEmail(email)!.id;

/**
 * A real session token from the emulator for each kind of caller (undefined: anonymous).
 * `no-active-org` is an org member whose session has the personal account selected: Clerk then
 * mints the token without the `o` claim. `pending` is a session that still owes a task.
 */
export async function tokenFor(stack: TestStack, caller: Caller): Promise<string | undefined> {
  const mint = (email: string, claims?: Record<string, unknown>) =>
    stack.emulator.mintSessionToken({ userId: userOf(stack, email), azp: WEB_ORIGIN, ...(claims ? { claims } : {}) });
  switch (caller) {
    case 'admin':
      return mint('ada@example.com');
    case 'member':
      return mint('grace@example.com');
    case 'no-active-org':
      return mint('grace@example.com', { o: undefined, fea: undefined });
    case 'personal':
      return mint('alan@example.com');
    case 'pending':
      return mint('ada@example.com', { sts: 'pending' });
    case 'anonymous':
      return undefined;
  }
}

/** Changes a member's role in acme, as an admin would in <OrganizationProfile/>. */
export async function changeRole(stack: TestStack, email: string, role: AppRole): Promise<void> {
  await stack.emulator.users.update(userOf(stack, email), { organization: membership(role) });
}

/** Removes a member from acme. */
export async function removeMember(stack: TestStack, email: string): Promise<void> {
  await stack.emulator.users.update(userOf(stack, email), { organization: null });
}
