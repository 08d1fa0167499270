import { __experimental_JWTPayloadToAuthObjectProperties as toAuthProperties } from '@clerk/shared/jwtPayloadParser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '../src/index.js';
import { decodeJwt } from './helpers.js';

describe('v2 organization claims round-trip through @clerk/shared/jwtPayloadParser', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    emulator = await startClerkEmulator({
      seed: {
        users: [
          {
            id: 'user_ada',
            email: 'ada@example.com',
            password: 'correct-horse-battery',
            organization: {
              id: 'org_acme',
              slug: 'acme',
              role: 'admin',
              permissions: ['org:reports:read', 'org:reports:manage'],
            },
          },
          {
            id: 'user_many',
            email: 'many@example.com',
            password: 'correct-horse-battery',
            organization: {
              id: 'org_big',
              slug: 'big',
              role: 'org:member',
              permissions: [
                'org:reports:read',
                'org:billing:manage',
                'org:reports:export',
                'org:billing:read',
                'org:sys_memberships:read',
              ],
            },
          },
          {
            id: 'user_noperm',
            email: 'noperm@example.com',
            password: 'correct-horse-battery',
            organization: { id: 'org_acme', slug: 'acme', role: 'viewer' },
          },
          { id: 'user_solo', email: 'solo@example.com', password: 'correct-horse-battery' },
        ],
      },
    });
  });
  afterAll(() => emulator.close());

  const parse = async (userId: string) => {
    const { payload } = decodeJwt(await emulator.mintSessionToken({ userId }));
    return { payload, auth: toAuthProperties(payload as unknown as Parameters<typeof toAuthProperties>[0]) };
  };

  it('the seed organization comes back exactly (dev seed shape)', async () => {
    const { payload, auth } = await parse('user_ada');
    expect(payload['o']).toEqual({ id: 'org_acme', slg: 'acme', rol: 'admin', per: 'read,manage', fpm: '3' });
    expect(payload['fea']).toBe('o:reports');
    expect(auth.orgId).toBe('org_acme');
    expect(auth.orgSlug).toBe('acme');
    expect(auth.orgRole).toBe('org:admin');
    expect(auth.orgPermissions).toEqual(['org:reports:read', 'org:reports:manage']);
  });

  it('several features and shared permission names decode to the same set (grouped by feature)', async () => {
    const { auth } = await parse('user_many');
    expect(auth.orgRole).toBe('org:member');
    const seeded = [
      'org:reports:read',
      'org:billing:manage',
      'org:reports:export',
      'org:billing:read',
      'org:sys_memberships:read',
    ];
    expect([...(auth.orgPermissions ?? [])].sort()).toEqual([...seeded].sort());
    // Grouped by feature (first-seen order); within a feature in `per` order.
    expect(auth.orgPermissions).toEqual([
      'org:reports:read',
      'org:reports:export',
      'org:billing:read',
      'org:billing:manage',
      'org:sys_memberships:read',
    ]);
  });

  it('a membership without permissions has an empty permission list; no org means no org claims', async () => {
    const noPerm = await parse('user_noperm');
    expect(noPerm.auth).toMatchObject({ orgId: 'org_acme', orgRole: 'org:viewer', orgPermissions: [] });
    expect(noPerm.payload).not.toHaveProperty('fea');
    const solo = await parse('user_solo');
    expect(solo.payload).not.toHaveProperty('o');
    expect(solo.auth.orgId).toBeUndefined();
  });

  it('org changes made through the store show up in the next token', async () => {
    await emulator.users.update('user_solo', {
      organization: { id: 'org_new', slug: 'new', role: 'admin', permissions: ['org:x:y'] },
    });
    const { auth } = await parse('user_solo');
    expect(auth).toMatchObject({ orgId: 'org_new', orgPermissions: ['org:x:y'] });
  });
});
