import { describe, expect, expectTypeOf, it } from 'vitest';

import {
  type ActiveOrganization,
  type AuthState,
  MISSING_PERMISSION_MESSAGE,
  NO_ACTIVE_ORG_MESSAGE,
  UNAUTHORIZED_MESSAGE,
} from '@stack/contracts';

import { createCaller, createTRPCContext, type RouterOutputs } from '../../src/index.js';
import { InMemoryNoteService } from '../../src/testing/index.js';
import { InMemoryUsers } from './in-memory-users.js';
import { rejection } from './rejection.js';
import { inMemoryServices } from './services.js';

const session = { userId: 'user_grace', sessionId: 'sess_1' };
const admin: AuthState = {
  ...session,
  orgId: 'org_globex',
  orgSlug: 'globex',
  orgRole: 'org:admin',
  orgPermissions: ['org:notes:read', 'org:notes:manage'],
};
const member: AuthState = {
  ...session,
  orgId: 'org_acme',
  orgSlug: 'acme',
  orgRole: 'org:member',
  orgPermissions: ['org:notes:read'],
};
const personal: AuthState = { ...session, orgId: null, orgSlug: null, orgRole: null, orgPermissions: [] };

const users = new InMemoryUsers();
const notes = new InMemoryNoteService();
const callerFor = (auth: AuthState | null) =>
  createCaller(createTRPCContext({ auth, services: inMemoryServices(users, notes) }));

describe('org.current', () => {
  it.each([
    ['an admin', admin, { id: 'org_globex', slug: 'globex', role: 'org:admin', permissions: admin.orgPermissions }],
    ['a member', member, { id: 'org_acme', slug: 'acme', role: 'org:member', permissions: ['org:notes:read'] }],
  ])('returns the active organization of %s from the token, with no service call', async (_who, auth, expected) => {
    const org = await callerFor(auth).org.current();
    expect(org).toEqual(expected);
    expect(org.permissions).not.toBe(auth.orgPermissions);
    expect(users.calls).toBe(0);
    expectTypeOf<RouterOutputs['org']['current']>().toEqualTypeOf<ActiveOrganization>();
  });

  it('refuses an anonymous caller with 401', async () => {
    const error = await rejection(callerFor(null).org.current());
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toBe(UNAUTHORIZED_MESSAGE);
  });

  it('refuses the personal account with 403 and the fixed message', async () => {
    const error = await rejection(callerFor(personal).org.current());
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe(NO_ACTIVE_ORG_MESSAGE);
  });

  it('treats an org id without a role as no active organization', async () => {
    const error = await rejection(callerFor({ ...member, orgRole: null }).org.current());
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe(NO_ACTIVE_ORG_MESSAGE);
  });
});

describe('org.manageAccess (permissionProcedure("org:notes:manage"))', () => {
  it('answers an admin for the organization it shows', async () => {
    expect(await callerFor(admin).org.manageAccess({ orgId: 'org_globex' })).toEqual({
      orgId: 'org_globex',
      permission: 'org:notes:manage',
    });
  });

  it.each([
    ['anonymous', null, 'UNAUTHORIZED', UNAUTHORIZED_MESSAGE],
    ['the personal account', personal, 'FORBIDDEN', NO_ACTIVE_ORG_MESSAGE],
    ['a member (no org:notes:manage)', member, 'FORBIDDEN', MISSING_PERMISSION_MESSAGE],
    [
      'an admin whose token lacks the permission',
      { ...admin, orgPermissions: ['org:notes:read'] },
      'FORBIDDEN',
      MISSING_PERMISSION_MESSAGE,
    ],
  ] as [string, AuthState | null, string, string][])('refuses %s with %s', async (_who, auth, code, message) => {
    const error = await rejection(callerFor(auth).org.manageAccess({ orgId: 'org_globex' }));
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it.each([
    ['anonymous', null, 'UNAUTHORIZED'],
    ['the personal account', personal, 'FORBIDDEN'],
    ['a member', member, 'FORBIDDEN'],
    ['an admin', admin, 'BAD_REQUEST'],
  ] as [string, AuthState | null, string][])(
    'checks %s before the input: bad input gives %s',
    async (_who, auth, code) => {
      const error = await rejection(callerFor(auth).org.manageAccess({ orgId: 42 } as never));
      expect(error.code).toBe(code);
    },
  );

  it('refuses with 409 when the client shows another organization than the token’s', async () => {
    const error = await rejection(callerFor(admin).org.manageAccess({ orgId: 'org_acme' }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('Changed elsewhere');
  });

  it('does not accept a system permission smuggled into the token as the custom one', async () => {
    const auth = { ...member, orgPermissions: ['org:notes:read', 'org:sys_memberships:manage', 'notes:manage'] };
    const error = await rejection(callerFor(auth).org.manageAccess({ orgId: 'org_acme' }));
    expect(error.message).toBe(MISSING_PERMISSION_MESSAGE);
  });
});
