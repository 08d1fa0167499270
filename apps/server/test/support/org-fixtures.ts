import type { AppRole } from '@stack/contracts';
import { DEV_SEED } from '@stack/test-harness';

import { type TestStack, WEB_ORIGIN } from './start-server.js';

/**
 * The dev seed (roles from APP_ROLES): Ada admin of acme, Grace member of acme and admin of
 * globex, Alan in no organization.
 */
export const orgSeed = DEV_SEED;

/** Who calls, in the role × procedure matrix. */
export const CALLERS = ['admin', 'member', 'no-active-org', 'personal', 'anonymous', 'pending'] as const;
export type Caller = (typeof CALLERS)[number];

const userOf = (stack: TestStack, email: string) => stack.emulator.users.findByEmail(email)!.id;

/**
 * A real session token from the emulator for each kind of caller (undefined: anonymous).
 * `no-active-org` is Grace, a member of two organizations, with the personal account selected (the
 * token has no `o` claim); `personal` is Alan, who belongs to none; `pending` is a session that still
 * owes a task (Clerk's `sts: pending`).
 */
export async function tokenFor(stack: TestStack, caller: Caller): Promise<string | undefined> {
  const mint = (email: string, organizationId: string | null, claims?: Record<string, unknown>) =>
    stack.emulator.mintSessionToken({
      userId: userOf(stack, email),
      azp: WEB_ORIGIN,
      organizationId,
      ...(claims ? { claims } : {}),
    });
  switch (caller) {
    case 'admin':
      return mint('ada@example.com', 'org_acme');
    case 'member':
      return mint('grace@example.com', 'org_acme');
    case 'no-active-org':
      return mint('grace@example.com', null);
    case 'personal':
      return mint('alan@example.com', null);
    case 'pending':
      return mint('ada@example.com', 'org_acme', { sts: 'pending' });
    case 'anonymous':
      return undefined;
  }
}

/** Changes a member's role, as an admin does in <OrganizationProfile/>. */
export function changeRole(stack: TestStack, orgId: string, email: string, role: AppRole): void {
  stack.emulator.organizations.updateMembership(orgId, userOf(stack, email), { role });
}

/** Removes a member from an organization. */
export function removeMember(stack: TestStack, orgId: string, email: string): void {
  stack.emulator.organizations.removeMember(orgId, userOf(stack, email));
}

/**
 * The organization claims of a token in any organization, whatever the emulator's seed says
 * (Clerk v2 claims, see the emulator's org-claims.ts: `o.per` names, `o.fpm` one bitmask per `fea`
 * feature): an admin reads and manages notes, a member reads them, a guest neither.
 */
export const orgClaims = (orgId: string, role: 'admin' | 'member' | 'guest') => ({
  o:
    role === 'guest'
      ? { id: orgId, slg: orgId.replace('org_', ''), rol: role }
      : { id: orgId, slg: orgId.replace('org_', ''), rol: role, per: 'read,manage', fpm: role === 'admin' ? '3' : '1' },
  fea: role === 'guest' ? undefined : 'o:notes',
});
