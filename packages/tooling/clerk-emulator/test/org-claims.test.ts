import { __experimental_JWTPayloadToAuthObjectProperties as toAuthProperties } from '@clerk/shared/jwtPayloadParser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '../src/index.js';
import { decodeJwt, ORG_SEED } from './helpers.js';

const decode = (jwt: string) => {
  const { payload } = decodeJwt(jwt);
  return { payload, auth: toAuthProperties(payload as unknown as Parameters<typeof toAuthProperties>[0]) };
};

describe('v2 organization claims round-trip through @clerk/shared/jwtPayloadParser', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    emulator = await startClerkEmulator({
      seed: {
        roles: [
          { key: 'org:admin', name: 'Admin', permissions: ['org:reports:read', 'org:reports:manage'] },
          {
            key: 'org:member',
            name: 'Member',
            permissions: ['org:reports:read', 'org:billing:manage', 'org:reports:export', 'org:billing:read'],
            systemPermissions: ['org:sys_memberships:read'],
          },
          { key: 'org:viewer', name: 'Viewer' },
        ],
        organizations: [
          { id: 'org_acme', name: 'Acme Inc', slug: 'acme' },
          { id: 'org_big', name: 'Big', slug: 'big' },
        ],
        users: [
          {
            id: 'user_ada',
            email: 'ada@example.com',
            password: 'correct-horse-battery',
            memberships: [{ organization: 'acme', role: 'org:admin' }],
          },
          {
            id: 'user_many',
            email: 'many@example.com',
            password: 'correct-horse-battery',
            memberships: [
              { organization: 'org_big', role: 'member' },
              { organization: 'org_acme', role: 'org:viewer' },
            ],
          },
          { id: 'user_solo', email: 'solo@example.com', password: 'correct-horse-battery' },
          {
            // The shape before organizations were modelled still works.
            id: 'user_legacy',
            email: 'legacy@example.com',
            password: 'correct-horse-battery',
            organization: { id: 'org_old', slug: 'old', role: 'auditor', permissions: ['org:audit:read'] },
          },
        ],
      },
    });
  });
  afterAll(() => emulator.close());

  const parse = async (userId: string, organizationId?: string | null) =>
    decode(await emulator.mintSessionToken({ userId, ...(organizationId === undefined ? {} : { organizationId }) }));

  it('the role’s custom permissions come back exactly', async () => {
    const { payload, auth } = await parse('user_ada');
    expect(payload['o']).toEqual({ id: 'org_acme', slg: 'acme', rol: 'admin', per: 'read,manage', fpm: '3' });
    expect(payload['fea']).toBe('o:reports');
    expect(auth).toMatchObject({
      orgId: 'org_acme',
      orgSlug: 'acme',
      orgRole: 'org:admin',
      orgPermissions: ['org:reports:read', 'org:reports:manage'],
    });
  });

  it('several features decode to the same set (grouped by feature); system permissions are never in a token', async () => {
    const { payload, auth } = await parse('user_many');
    expect(auth.orgRole).toBe('org:member');
    expect(auth.orgPermissions).toEqual([
      'org:reports:read',
      'org:reports:export',
      'org:billing:read',
      'org:billing:manage',
    ]);
    expect(JSON.stringify(payload)).not.toContain('sys_');
  });

  it('organizationId picks one of several memberships (id or slug); null is the personal account', async () => {
    const acme = await parse('user_many', 'acme');
    expect(acme.auth).toMatchObject({ orgId: 'org_acme', orgRole: 'org:viewer', orgPermissions: [] });
    expect(acme.payload).not.toHaveProperty('fea');
    const personal = await parse('user_many', null);
    expect(personal.payload).not.toHaveProperty('o');
    expect(personal.auth.orgId).toBeUndefined();
    await expect(emulator.mintSessionToken({ userId: 'user_solo', organizationId: 'org_acme' })).rejects.toThrow(
      /not a member/,
    );
    expect((await parse('user_solo')).payload).not.toHaveProperty('o');
  });

  it('the legacy per-user seed shape creates its organization and role', async () => {
    const { auth } = await parse('user_legacy');
    expect(auth).toMatchObject({ orgId: 'org_old', orgRole: 'org:auditor', orgPermissions: ['org:audit:read'] });
  });

  it('membership changes made through the store show up in the next token of the same session', async () => {
    const session = emulator.createSession('user_solo');
    emulator.organizations.addMember('org_big', 'user_solo', 'org:admin');
    // The session predates the membership: personal account until it selects the organization.
    expect(decode(await emulator.mintSessionToken({ sessionId: session.id })).payload).not.toHaveProperty('o');
    const big = decode(await emulator.mintSessionToken({ sessionId: session.id, organizationId: 'org_big' }));
    expect(big.auth).toMatchObject({ orgId: 'org_big', orgRole: 'org:admin' });
    emulator.organizations.updateMembership('org_big', 'user_solo', { role: 'org:member' });
    const demoted = decode(await emulator.mintSessionToken({ sessionId: session.id, organizationId: 'org_big' }));
    expect(demoted.auth.orgRole).toBe('org:member');
  });
});

describe('the dev seed (roles from @stack/api’s APP_ROLES)', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    emulator = await startClerkEmulator({ seed: ORG_SEED });
  });
  afterAll(() => emulator.close());

  it('Ada is admin of acme, Grace member of acme and admin of globex, Alan in no organization', async () => {
    const ada = decode(await emulator.mintSessionToken({ userId: 'user_ada' }));
    expect(ada.auth).toMatchObject({
      orgId: 'org_acme',
      orgSlug: 'acme',
      orgRole: 'org:admin',
      orgPermissions: ['org:reports:read', 'org:reports:manage'],
    });
    expect(ada.payload['fea']).toBe('o:reports');
    const grace = decode(await emulator.mintSessionToken({ userId: 'user_grace' }));
    expect(grace.auth).toMatchObject({
      orgId: 'org_acme',
      orgRole: 'org:member',
      orgPermissions: ['org:reports:read'],
    });
    const globex = decode(await emulator.mintSessionToken({ userId: 'user_grace', organizationId: 'globex' }));
    expect(globex.auth).toMatchObject({ orgId: 'org_globex', orgRole: 'org:admin' });
    const alan = decode(await emulator.mintSessionToken({ userId: 'user_alan' }));
    expect(alan.payload).not.toHaveProperty('o');
    expect(await emulator.users.verifyPassword('user_alan', 'halting-problem-42')).toBe(true);
    expect(emulator.organizations.get('acme')).toMatchObject({ name: 'Acme Inc', createdBy: 'user_ada' });
    expect(emulator.organizations.get('org_globex')?.name).toBe('Globex');
  });
});
