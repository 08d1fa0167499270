import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '../src/index.js';
import { APP_ORIGIN, FapiClient } from './fapi/fapi-client.js';
import { bapi, clerkClientFor, ORG_SEED } from './helpers.js';
import { eventsOf as collect, typesAndIds } from './webhooks/collect-events.js';
import { startReceiver } from './webhooks/receiver.js';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe('organization.* and organizationMembership.* webhooks: every change path emits its event', () => {
  let emulator: ClerkEmulator;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    emulator = await startClerkEmulator({
      seed: ORG_SEED,
      allowedOrigins: [APP_ORIGIN],
      webhooks: { endpoints: [receiver.url] },
    });
  });
  afterAll(async () => {
    await emulator?.close();
    await receiver?.close();
  });
  const eventsOf = (change: () => Promise<unknown>) => collect(emulator, receiver, change);
  const signIn = async (email: string, password: string) => {
    const fapi = new FapiClient(emulator);
    await fapi.signIn(email, password);
    await emulator.webhooks.settled(); // its session.created is not part of what a test looks at
    return fapi;
  };

  it('through the Frontend API (Clerk UI): create, rename, accept an invitation, role change, remove, leave, delete', async () => {
    const grace = await signIn('grace@example.com', 'another-long-pass');
    let orgId = '';
    const created = await eventsOf(async () => {
      orgId = (await grace.post('/v1/organizations', { name: 'Initech' })).body.response.id as string;
    });
    const graceMembership = emulator.organizations.getMembership(orgId, 'user_grace')!;
    expect(typesAndIds(created)).toEqual([
      ['organization.created', orgId],
      ['organizationMembership.created', graceMembership.id],
    ]);
    expect(created[0]!.data).toMatchObject({ object: 'organization', name: 'Initech', created_by: 'user_grace' });
    expect(created[1]!.data).toMatchObject({
      object: 'organization_membership',
      role: 'org:admin',
      organization: { id: orgId, name: 'Initech' },
      public_user_data: { user_id: 'user_grace', identifier: 'grace@example.com' },
    });

    const renamed = await eventsOf(() => grace.post(`/v1/organizations/${orgId}?_method=PATCH`, { name: 'Initech 2' }));
    expect(renamed.map((e) => [e.type, (e.data as { name: string }).name])).toEqual([
      ['organization.updated', 'Initech 2'],
    ]);
    // An invitation is not a membership yet: nothing is sent until it is accepted.
    const invited = await eventsOf(() =>
      grace.post(`/v1/organizations/${orgId}/invitations`, { email_address: 'alan@example.com', role: 'org:member' }),
    );
    expect(invited).toEqual([]);
    const alan = await signIn('alan@example.com', 'halting-problem-42');
    const invitationId = (await alan.get('/v1/me/organization_invitations?status=pending')).body.response.data[0]
      .id as string;
    const accepted = await eventsOf(() => alan.post(`/v1/me/organization_invitations/${invitationId}/accept`));
    const alanMembership = emulator.organizations.getMembership(orgId, 'user_alan')!;
    expect(typesAndIds(accepted)).toEqual([['organizationMembership.created', alanMembership.id]]);

    const promoted = await eventsOf(() =>
      grace.post(`/v1/organizations/${orgId}/memberships/user_alan?_method=PATCH`, { role: 'org:admin' }),
    );
    expect(promoted.map((e) => [e.type, (e.data as { role: string }).role])).toEqual([
      ['organizationMembership.updated', 'org:admin'],
    ]);
    const removed = await eventsOf(() => grace.post(`/v1/organizations/${orgId}/memberships/user_alan?_method=DELETE`));
    // Clerk sends the full membership on delete, not a deleted object.
    expect(typesAndIds(removed)).toEqual([['organizationMembership.deleted', alanMembership.id]]);
    expect(removed[0]!.data).toMatchObject({
      object: 'organization_membership',
      public_user_data: { user_id: 'user_alan' },
    });

    const added = await eventsOf(() =>
      grace.post(`/v1/organizations/${orgId}/memberships`, { user_id: 'user_ada', role: 'org:member' }),
    );
    expect(added.map((e) => e.type)).toEqual(['organizationMembership.created']);
    const ada = await signIn('ada@example.com', 'correct-horse-battery');
    const left = await eventsOf(() => ada.post(`/v1/me/organization_memberships/${orgId}?_method=DELETE`));
    expect(
      left.map((e) => [e.type, (e.data as { public_user_data: { user_id: string } }).public_user_data.user_id]),
    ).toEqual([['organizationMembership.deleted', 'user_ada']]);

    const deleted = await eventsOf(() => grace.post(`/v1/organizations/${orgId}?_method=DELETE`));
    expect(typesAndIds(deleted)).toEqual([
      ['organizationMembership.deleted', graceMembership.id],
      ['organization.deleted', orgId],
    ]);
    expect(deleted[1]!.data).toEqual({ id: orgId, object: 'organization', slug: 'initech', deleted: true });
  });

  it('through the Backend API: create, update, metadata, memberships, delete; a deleted user leaves first', async () => {
    const clerk = clerkClientFor(emulator);
    let orgId = '';
    const created = await eventsOf(async () => {
      orgId = (await clerk.organizations.createOrganization({ name: 'Umbrella', createdBy: 'user_alan' })).id;
    });
    expect(created.map((e) => e.type)).toEqual(['organization.created', 'organizationMembership.created']);
    // The data is the Backend API's JSON for the organization.
    const fromApi = (await (await bapi(emulator, `/v1/organizations/${orgId}`)).json()) as Record<string, unknown>;
    const updated = await eventsOf(() => clerk.organizations.updateOrganization(orgId, { name: 'Umbrella Corp' }));
    expect(updated.map((e) => e.type)).toEqual(['organization.updated']);
    expect({ ...(updated[0]!.data as object), name: 'Umbrella', updated_at: 0 }).toEqual({
      ...fromApi,
      updated_at: 0,
    });
    const metadata = await eventsOf(() =>
      clerk.organizations.updateOrganizationMetadata(orgId, { publicMetadata: { tier: 'gold' } }),
    );
    expect(metadata.map((e) => [e.type, (e.data as { public_metadata: unknown }).public_metadata])).toEqual([
      ['organization.updated', { tier: 'gold' }],
    ]);
    const joined = await eventsOf(() =>
      clerk.organizations.createOrganizationMembership({
        organizationId: orgId,
        userId: 'user_grace',
        role: 'org:member',
      }),
    );
    expect(joined.map((e) => e.type)).toEqual(['organizationMembership.created']);
    const role = await eventsOf(() =>
      clerk.organizations.updateOrganizationMembership({
        organizationId: orgId,
        userId: 'user_grace',
        role: 'org:admin',
      }),
    );
    expect(role.map((e) => [e.type, (e.data as { role: string }).role])).toEqual([
      ['organizationMembership.updated', 'org:admin'],
    ]);
    const out = await eventsOf(() =>
      clerk.organizations.deleteOrganizationMembership({ organizationId: orgId, userId: 'user_grace' }),
    );
    expect(out.map((e) => e.type)).toEqual(['organizationMembership.deleted']);

    // Deleting a user: each membership goes first (with the member's data), then the user, then
    // the sessions it still had.
    const alanMemberships = emulator.organizations.listMemberships({ userId: 'user_alan' }).map((m) => m.id);
    expect(alanMemberships.length).toBeGreaterThan(0);
    const alanSessions = emulator
      .listSessions()
      .filter((s) => s.userId === 'user_alan' && s.status === 'active')
      .map((s) => s.id);
    const userDeleted = await eventsOf(() => clerk.users.deleteUser('user_alan'));
    expect(typesAndIds(userDeleted)).toEqual([
      ...alanMemberships.map((id) => ['organizationMembership.deleted', id]),
      ['user.deleted', 'user_alan'],
      ...alanSessions.map((id) => ['session.revoked', id]),
    ]);
    expect(userDeleted[0]!.data).toMatchObject({
      public_user_data: { user_id: 'user_alan', identifier: 'alan@example.com' },
    });

    const orgDeleted = await eventsOf(() => clerk.organizations.deleteOrganization(orgId));
    expect(typesAndIds(orgDeleted)).toEqual([['organization.deleted', orgId]]);
  });

  it('updated_at grows with every change of an organization and of a membership, delete included', async () => {
    const org = emulator.organizations.create({ name: 'Stamps', createdBy: 'user_grace' });
    for (const name of ['S1', 'S2', 'S3']) emulator.organizations.update(org.id, { name });
    for (const role of ['org:member', 'org:admin'])
      emulator.organizations.updateMembership(org.id, 'user_grace', { role });
    emulator.organizations.removeMember(org.id, 'user_grace');
    await emulator.webhooks.settled();
    const stampsOf = (type: string) =>
      receiver
        .events()
        .filter((e) => e.type.startsWith(type) && JSON.stringify(e.data).includes(org.id))
        .map((e) => e.data['updated_at'] as number);
    for (const stamps of [stampsOf('organization.'), stampsOf('organizationMembership.')]) {
      expect(stamps.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
    }
  });
});
