import { isClerkAPIResponseError } from '@clerk/shared/error';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '../src/index.js';
import { bapi, clerkClientFor, decodeJwt, ORG_SEED } from './helpers.js';

describe('Backend API: organizations through the real createClerkClient(...).organizations', () => {
  let emulator: ClerkEmulator;
  let clerk: ReturnType<typeof clerkClientFor>;
  beforeAll(async () => {
    emulator = await startClerkEmulator({ seed: ORG_SEED });
    clerk = clerkClientFor(emulator);
  });
  afterAll(() => emulator?.close());

  it('lists, gets by id or slug, and lists a user’s memberships', async () => {
    const list = await clerk.organizations.getOrganizationList({ limit: 10 });
    expect(list.totalCount).toBe(2);
    expect(list.data.map((o) => o.slug).sort()).toEqual(['acme', 'globex']);
    const acme = await clerk.organizations.getOrganization({ slug: 'acme' });
    expect(acme).toMatchObject({ id: 'org_acme', name: 'Acme Inc', membersCount: 2, createdBy: 'user_ada' });
    expect((await clerk.organizations.getOrganization({ organizationId: 'org_globex' })).name).toBe('Globex');
    const grace = await clerk.users.getOrganizationMembershipList({ userId: 'user_grace' });
    expect(grace.totalCount).toBe(2);
    expect(grace.data.map((m) => [m.organization.id, m.role])).toEqual([
      ['org_acme', 'org:member'],
      ['org_globex', 'org:admin'],
    ]);
    expect(grace.data[0]?.publicUserData).toMatchObject({ userId: 'user_grace', identifier: 'grace@example.com' });
    const err = await clerk.organizations.getOrganization({ organizationId: 'org_missing' }).catch((e: unknown) => e);
    expect(isClerkAPIResponseError(err) && err.status).toBe(404);
  });

  it('create (creator is admin) → update → memberships → invitations → delete', async () => {
    const org = await clerk.organizations.createOrganization({ name: 'Umbrella Corp', createdBy: 'user_alan' });
    expect(org).toMatchObject({
      name: 'Umbrella Corp',
      slug: 'umbrella-corp',
      createdBy: 'user_alan',
      membersCount: 1,
    });
    const updated = await clerk.organizations.updateOrganization(org.id, { name: 'Umbrella', slug: 'umbrella' });
    expect(updated).toMatchObject({ name: 'Umbrella', slug: 'umbrella' });
    const meta = await clerk.organizations.updateOrganizationMetadata(org.id, { publicMetadata: { tier: 'gold' } });
    expect(meta.publicMetadata).toEqual({ tier: 'gold' });

    const added = await clerk.organizations.createOrganizationMembership({
      organizationId: org.id,
      userId: 'user_ada',
      role: 'org:member',
    });
    expect(added).toMatchObject({ role: 'org:member', organization: { id: org.id } });
    expect(added.publicUserData?.userId).toBe('user_ada');
    // The new membership is in Ada's next token for that organization.
    const token = await emulator.mintSessionToken({ userId: 'user_ada', organizationId: org.id });
    expect(decodeJwt(token).payload['o']).toMatchObject({ id: org.id, rol: 'member' });
    const promoted = await clerk.organizations.updateOrganizationMembership({
      organizationId: org.id,
      userId: 'user_ada',
      role: 'org:admin',
    });
    expect(promoted.role).toBe('org:admin');
    const members = await clerk.organizations.getOrganizationMembershipList({ organizationId: org.id });
    expect(members.data.map((m) => m.publicUserData?.userId)).toEqual(['user_alan', 'user_ada']);
    await clerk.organizations.deleteOrganizationMembership({ organizationId: org.id, userId: 'user_ada' });
    expect(emulator.organizations.getMembership(org.id, 'user_ada')).toBeUndefined();
    const again = await clerk.organizations
      .deleteOrganizationMembership({ organizationId: org.id, userId: 'user_ada' })
      .catch((e: unknown) => e);
    expect(isClerkAPIResponseError(again) && again.status).toBe(404);

    const invitation = await clerk.organizations.createOrganizationInvitation({
      organizationId: org.id,
      emailAddress: 'grace@example.com',
      role: 'org:member',
      inviterUserId: 'user_alan',
    });
    expect(invitation).toMatchObject({ emailAddress: 'grace@example.com', status: 'pending', organizationId: org.id });
    const bulk = await clerk.organizations.createOrganizationInvitationBulk(org.id, [
      { emailAddress: 'x1@example.com', role: 'org:member' },
      { emailAddress: 'x2@example.com', role: 'org:member' },
    ]);
    expect(bulk.data.map((i) => i.emailAddress)).toEqual(['x1@example.com', 'x2@example.com']);
    const pending = await clerk.organizations.getOrganizationInvitationList({
      organizationId: org.id,
      status: ['pending'],
    });
    expect(pending.totalCount).toBe(3);
    const revoked = await clerk.organizations.revokeOrganizationInvitation({
      organizationId: org.id,
      invitationId: invitation.id,
    });
    expect(revoked.status).toBe('revoked');
    const fetched = await clerk.organizations.getOrganizationInvitation({
      organizationId: org.id,
      invitationId: invitation.id,
    });
    expect(fetched.status).toBe('revoked');

    const deleted = await clerk.organizations.deleteOrganization(org.id);
    expect(deleted).toMatchObject({ id: org.id, deleted: true });
    expect(emulator.organizations.get(org.id)).toBeUndefined();
  });

  it('rejects bad input Clerk-shaped and requires the secret key', async () => {
    const dup = await clerk.organizations.createOrganization({ name: 'Dup', slug: 'acme' }).catch((e: unknown) => e);
    expect(isClerkAPIResponseError(dup) && dup.errors[0]?.code).toBe('form_identifier_exists');
    const badRole = await clerk.organizations
      .createOrganizationMembership({ organizationId: 'org_acme', userId: 'user_alan', role: 'org:owner' })
      .catch((e: unknown) => e);
    expect(isClerkAPIResponseError(badRole) && badRole.status).toBe(422);
    expect(emulator.organizations.getMembership('org_acme', 'user_alan')).toBeUndefined();
    expect((await bapi(emulator, '/v1/organizations', { auth: 'Bearer sk_live_wrong' })).status).toBe(401);
  });
});
