import { __experimental_JWTPayloadToAuthObjectProperties as toAuthProperties } from '@clerk/shared/jwtPayloadParser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '../src/index.js';
import { APP_ORIGIN, FapiClient } from './fapi/fapi-client.js';
import { decodeJwt, ORG_SEED } from './helpers.js';

const authOf = (jwt: string) =>
  toAuthProperties(decodeJwt(jwt).payload as unknown as Parameters<typeof toAuthProperties>[0]);

/** The org-related part of a piggybacked client: [orgId, role] of the signed-in user's memberships. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const clientMemberships = (body: any): Array<[string, string]> =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body.client.sessions[0].user.organization_memberships.map((m: any) => [m.organization.id, m.role]);

describe('Frontend API: organizations as clerk-js 6.34.1 calls them', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    emulator = await startClerkEmulator({ seed: ORG_SEED, allowedOrigins: [APP_ORIGIN] });
  });
  afterAll(() => emulator?.close());

  const signIn = async (email: string, password: string) => {
    const fapi = new FapiClient(emulator);
    const sid = await fapi.signIn(email, password);
    return { fapi, sid };
  };
  const grace = () => signIn('grace@example.com', 'another-long-pass');

  it('the environment enables organizations; the client lists every membership with system permissions', async () => {
    const { fapi } = await grace();
    const env = await fapi.get('/v1/environment');
    expect(env.body.organization_settings).toMatchObject({ enabled: true, actions: { admin_delete: true } });
    expect(env.body.organization_settings.domains.enabled).toBe(false);
    const client = await fapi.get('/v1/client');
    const user = client.body.response.sessions[0].user;
    expect(user.create_organization_enabled).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const bySlug = Object.fromEntries(user.organization_memberships.map((m: any) => [m.organization.slug, m]));
    expect(bySlug['acme']).toMatchObject({
      object: 'organization_membership',
      role: 'org:member',
      role_name: 'Member',
      permissions: ['org:reports:read', 'org:sys_memberships:read'],
      organization: { id: 'org_acme', name: 'Acme Inc', members_count: 2, admin_delete_enabled: true },
      public_user_data: { user_id: 'user_grace', identifier: 'grace@example.com' },
    });
    expect(bySlug['globex'].permissions).toEqual(
      expect.arrayContaining(['org:reports:manage', 'org:sys_profile:delete']),
    );
  });

  it('lists the user’s memberships paginated; invitations and suggestions are empty pages', async () => {
    const { fapi } = await grace();
    const page1 = await fapi.get('/v1/me/organization_memberships?paginated=true&limit=1&offset=0');
    expect(page1.body).toMatchObject({ response: { total_count: 2 }, client: null });
    expect(page1.body.response.data).toHaveLength(1);
    const page2 = await fapi.get('/v1/me/organization_memberships?paginated=true&limit=1&offset=1');
    expect(page2.body.response.data[0].organization.id).not.toBe(page1.body.response.data[0].organization.id);
    expect((await fapi.get('/v1/me/organization_invitations?status=pending')).body.response).toEqual({
      data: [],
      total_count: 0,
    });
    const suggestions = await fapi.get('/v1/me/organization_suggestions?status=pending&status=accepted');
    expect(suggestions.body.response.total_count).toBe(0);
  });

  it('touch applies the organization (id, slug or "" for personal) before minting last_active_token; tokens follow', async () => {
    const { fapi, sid } = await grace();
    const touch = (value: string) =>
      fapi.post(`/v1/client/sessions/${sid}/touch`, { active_organization_id: value, intent: 'select_org' });
    const globex = await touch('org_globex');
    expect(globex.body.response.last_active_organization_id).toBe('org_globex');
    expect(authOf(globex.body.response.last_active_token.jwt)).toMatchObject({
      orgId: 'org_globex',
      orgRole: 'org:admin',
      orgPermissions: ['org:reports:read', 'org:reports:manage'],
    });
    const bySlug = await touch('acme');
    expect(authOf(bySlug.body.response.last_active_token.jwt)).toMatchObject({
      orgId: 'org_acme',
      orgRole: 'org:member',
    });
    const personal = await touch('');
    expect(personal.body.response.last_active_organization_id).toBeNull();
    expect(decodeJwt(personal.body.response.last_active_token.jwt).payload).not.toHaveProperty('o');
    const token = (form: Record<string, string>) => fapi.post(`/v1/client/sessions/${sid}/tokens`, form);
    expect(decodeJwt((await token({})).body.jwt).payload).not.toHaveProperty('o');
    expect(authOf((await token({ organization_id: 'org_globex' })).body.jwt).orgId).toBe('org_globex');
    await touch('org_acme');
    expect(authOf((await token({})).body.jwt).orgId).toBe('org_acme');
    expect(decodeJwt((await token({ organization_id: '' })).body.jwt).payload).not.toHaveProperty('o');
    expect((await touch('org_nope')).status).toBe(404);
  });

  it('a member cannot rename, delete, invite or change roles: 403 not_allowed_access, nothing changes', async () => {
    const { fapi } = await grace();
    const before = JSON.stringify(emulator.organizations.snapshot());
    for (const [path, form] of [
      ['/v1/organizations/org_acme?_method=PATCH', { name: 'Hacked' }],
      ['/v1/organizations/org_acme?_method=DELETE', {}],
      ['/v1/organizations/org_acme/invitations', { email_address: 'x@example.com', role: 'org:member' }],
      ['/v1/organizations/org_acme/memberships/user_ada?_method=PATCH', { role: 'org:member' }],
      ['/v1/organizations/org_acme/memberships/user_ada?_method=DELETE', {}],
    ] as const) {
      const response = await fapi.post(path, form);
      expect(response.status, path).toBe(403);
      expect(response.body.errors[0].code).toBe('not_allowed_access');
    }
    expect((await fapi.get('/v1/organizations/org_acme/invitations?status=pending')).status).toBe(403);
    // A member may read the member list and roles (org:sys_memberships:read).
    expect((await fapi.get('/v1/organizations/org_acme/memberships?paginated=true')).body.response.total_count).toBe(2);
    expect((await fapi.get('/v1/organizations/org_acme/roles?limit=20')).status).toBe(200);
    // Not a member at all: like an unknown organization.
    const alan = await signIn('alan@example.com', 'halting-problem-42');
    expect((await alan.fapi.get('/v1/organizations/org_acme')).status).toBe(404);
    expect(JSON.stringify(emulator.organizations.snapshot())).toBe(before);
  });

  it('create → rename → roles → members → invitations (bulk, revoke, accept) → change role → remove → leave → delete', async () => {
    const { fapi } = await grace();
    const created = await fapi.post('/v1/organizations', { name: 'Initech Labs' });
    expect(created.status).toBe(200);
    const org = created.body.response;
    expect(org).toMatchObject({ object: 'organization', name: 'Initech Labs', slug: 'initech-labs', members_count: 1 });
    expect(clientMemberships(created.body)).toContainEqual([org.id, 'org:admin']);
    expect(emulator.organizations.get(org.id)?.createdBy).toBe('user_grace');
    const taken = await fapi.post('/v1/organizations', { name: 'Other', slug: 'initech-labs' });
    expect(taken.body.errors[0]).toMatchObject({ code: 'form_identifier_exists', meta: { param_name: 'slug' } });

    const renamed = await fapi.post(`/v1/organizations/${org.id}?_method=PATCH`, { name: 'Initech', slug: 'initech' });
    expect(renamed.body.response).toMatchObject({ name: 'Initech', slug: 'initech' });
    expect((await fapi.get(`/v1/organizations/initech`)).body.response.id).toBe(org.id);
    expect((await fapi.request('POST', `/v1/organizations/${org.id}/logo?_method=PUT`, 'x=1')).status).toBe(200);

    const roles = await fapi.get(`/v1/organizations/${org.id}/roles?limit=20&offset=0`);
    expect(roles.body.response).toMatchObject({ total_count: 2, has_role_set_migration: false });
    expect(roles.body.response.data[0]).toMatchObject({ object: 'role', key: 'org:admin', name: 'Admin' });
    expect(roles.body.client).not.toBeNull();

    const bulk = await fapi.post(
      `/v1/organizations/${org.id}/invitations/bulk`,
      'email_address=alan%40example.com&email_address=zed%40example.com&role=org%3Amember',
    );
    expect(bulk.body.response.map((i: { email_address: string }) => i.email_address)).toEqual([
      'alan@example.com',
      'zed@example.com',
    ]);
    const again = await fapi.post(`/v1/organizations/${org.id}/invitations`, { email_address: 'alan@example.com' });
    expect(again.status).toBe(422);
    const pending = await fapi.get(`/v1/organizations/${org.id}/invitations?status=pending&limit=10&offset=0`);
    expect(pending.body.response.total_count).toBe(2);
    const zed = bulk.body.response[1];
    const revoked = await fapi.post(`/v1/organizations/${org.id}/invitations/${zed.id}/revoke`);
    expect(revoked.body.response).toMatchObject({ status: 'revoked', organization_id: org.id });

    // Alan sees his invitation and accepts it; Ada (another address) cannot.
    const alan = await signIn('alan@example.com', 'halting-problem-42');
    const mine = await alan.fapi.get('/v1/me/organization_invitations?status=pending');
    expect(mine.body.response.data[0]).toMatchObject({
      email_address: 'alan@example.com',
      role: 'org:member',
      public_organization_data: { id: org.id, name: 'Initech', slug: 'initech' },
    });
    const invitationId = mine.body.response.data[0].id as string;
    const ada = await signIn('ada@example.com', 'correct-horse-battery');
    expect((await ada.fapi.post(`/v1/me/organization_invitations/${invitationId}/accept`)).status).toBe(404);
    const accepted = await alan.fapi.post(`/v1/me/organization_invitations/${invitationId}/accept`);
    expect(accepted.body.response.status).toBe('accepted');
    expect(clientMemberships(accepted.body)).toEqual([[org.id, 'org:member']]);
    expect((await alan.fapi.get(`/v1/organizations/${org.id}`)).body.response.members_count).toBe(2);

    const members = await fapi.get(`/v1/organizations/${org.id}/memberships?paginated=true&limit=10&offset=0`);
    expect(
      members.body.response.data.map((m: { public_user_data: { user_id: string } }) => m.public_user_data.user_id),
    ).toEqual(['user_grace', 'user_alan']);
    const promoted = await fapi.post(`/v1/organizations/${org.id}/memberships/user_alan?_method=PATCH`, {
      role: 'org:admin',
    });
    expect(promoted.body.response).toMatchObject({ role: 'org:admin', role_name: 'Admin' });
    const removed = await fapi.post(`/v1/organizations/${org.id}/memberships/user_alan?_method=DELETE`);
    expect(removed.body.response.public_user_data.user_id).toBe('user_alan');
    expect(emulator.organizations.getMembership(org.id, 'user_alan')).toBeUndefined();
    const added = await fapi.post(`/v1/organizations/${org.id}/memberships`, {
      user_id: 'user_ada',
      role: 'org:member',
    });
    expect(added.body.response.role).toBe('org:member');

    // Ada leaves; her session on the organization falls back to the personal account.
    await ada.fapi.post(`/v1/client/sessions/${ada.sid}/touch`, { active_organization_id: org.id });
    const left = await ada.fapi.post(`/v1/me/organization_memberships/${org.id}?_method=DELETE`);
    expect(left.body.response).toMatchObject({ object: 'organization_membership', deleted: true });
    expect(left.body.client.sessions[0].last_active_organization_id).toBeNull();
    expect(clientMemberships(left.body)).toEqual([['org_acme', 'org:admin']]);

    const deleted = await fapi.post(`/v1/organizations/${org.id}?_method=DELETE`);
    expect(deleted.body.response).toMatchObject({ object: 'organization', id: org.id, deleted: true });
    expect(clientMemberships(deleted.body).map(([id]) => id)).not.toContain(org.id);
    expect(emulator.organizations.get(org.id)).toBeUndefined();
  });
});
