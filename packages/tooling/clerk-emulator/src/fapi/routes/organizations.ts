import { paramError } from '../../http/clerk-error.js';
import { FieldErrors } from '../../http/field-errors.js';
import { NAME_MAX_LENGTH } from '../../seed/seed-schema.js';
import type { OrganizationPatch } from '../../store/orgs/organization-types.js';
import type { InvitationStatus } from '../../store/orgs/organization-types.js';
import { DEFAULT_MEMBER_ROLE } from '../../store/orgs/role-registry.js';
import type { FapiContext } from '../context.js';
import { fapiErrors } from '../errors.js';
import { callOrgs, listQuery, notAllowed, orgViewOf, paginate, requireOrgAccess, signedInUser } from '../org-access.js';
import { envelope, type FapiRoute, raw } from '../route.js';
import {
  toFapiInvitationJson,
  toFapiMembershipJson,
  toFapiOrganizationJson,
  toRoleJson,
} from '../serialize/organization-json.js';

// The system permissions Clerk's UI (and Clerk) gate each call on.
const PROFILE_MANAGE = 'org:sys_profile:manage';
const PROFILE_DELETE = 'org:sys_profile:delete';
const MEMBERS_READ = 'org:sys_memberships:read';
const MEMBERS_MANAGE = 'org:sys_memberships:manage';
const MAX_BULK_INVITATIONS = 50;

/** `name` and `slug` of create / update; `required` for create. */
function readOrganizationFields(ctx: FapiContext, required: boolean): { name?: string; slug?: string } {
  const errors = new FieldErrors();
  const name = ctx.request.form.text('name', { max: NAME_MAX_LENGTH, required }, errors);
  const slug = ctx.request.form.text('slug', { max: 64 }, errors);
  errors.throwIfAny();
  return {
    ...(name === undefined || name === '' ? {} : { name }),
    ...(slug === undefined || slug === '' ? {} : { slug: slug.toLowerCase() }),
  };
}

function readRole(ctx: FapiContext, required: boolean): string | undefined {
  const errors = new FieldErrors();
  const role = ctx.request.form.text('role', { max: 128, required }, errors);
  errors.throwIfAny();
  return role === '' ? undefined : role;
}

/** A member the caller manages (`:userId`), never the caller's own membership through these routes' role changes. */
function memberParam(ctx: FapiContext): string {
  return ctx.request.params['userId'] ?? '';
}

/**
 * `/v1/organizations…`, what `<CreateOrganization/>`, `<OrganizationProfile/>` and the switcher
 * call. Every mutation checks the caller's role for the system permission Clerk requires; the
 * piggybacked client (envelope) carries the changed memberships back to clerk-js.
 */
export function organizationRoutes(): FapiRoute[] {
  const v = orgViewOf;
  return [
    {
      method: 'POST',
      path: '/organizations',
      handler: (ctx) => {
        const fields = readOrganizationFields(ctx, true);
        const { user } = signedInUser(ctx);
        const org = callOrgs(() =>
          ctx.deps.orgs.create({
            name: fields.name!,
            ...(fields.slug ? { slug: fields.slug } : {}),
            createdBy: user.id,
          }),
        );
        return envelope(toFapiOrganizationJson(org, v(ctx)));
      },
    },
    {
      method: 'GET',
      path: '/organizations/:orgId',
      handler: (ctx) => envelope(toFapiOrganizationJson(requireOrgAccess(ctx).org, v(ctx))),
    },
    {
      method: 'PATCH',
      path: '/organizations/:orgId',
      handler: (ctx) => {
        const fields = readOrganizationFields(ctx, false);
        const { org } = requireOrgAccess(ctx, { allOf: [PROFILE_MANAGE] });
        const patch: OrganizationPatch = fields;
        return envelope(
          toFapiOrganizationJson(
            callOrgs(() => ctx.deps.orgs.update(org.id, patch)),
            v(ctx),
          ),
        );
      },
    },
    {
      method: 'DELETE',
      path: '/organizations/:orgId',
      handler: (ctx) => {
        const { org } = requireOrgAccess(ctx, { allOf: [PROFILE_DELETE] });
        if (!org.adminDeleteEnabled) throw notAllowed();
        const members = ctx.deps.orgs.listMemberships({ organizationId: org.id });
        ctx.deps.orgs.delete(org.id);
        for (const m of members) ctx.deps.sessions.leaveOrganization(m.userId, org.id);
        return envelope({ object: 'organization', id: org.id, slug: org.slug, deleted: true });
      },
    },
    ...(['PUT', 'DELETE'] as const).map((method): FapiRoute => ({
      // Logos are not stored: an upload is accepted and the organization keeps the default image.
      method,
      path: '/organizations/:orgId/logo',
      handler: (ctx) =>
        envelope(toFapiOrganizationJson(requireOrgAccess(ctx, { allOf: [PROFILE_MANAGE] }).org, v(ctx))),
    })),
    {
      method: 'GET',
      path: '/organizations/:orgId/memberships',
      handler: (ctx) => {
        const { org } = requireOrgAccess(ctx, { anyOf: [MEMBERS_READ, MEMBERS_MANAGE] });
        const roles = listQuery(ctx.request.query, 'role');
        const query = ctx.request.query.get('query')?.toLowerCase() ?? '';
        const memberships = ctx.deps.orgs.listMemberships({ organizationId: org.id, roles }).filter((m) => {
          if (!query) return true;
          const user = ctx.deps.users.get(m.userId);
          return [user?.email, user?.firstName, user?.lastName, m.userId].some((s) => s?.toLowerCase().includes(query));
        });
        const view = v(ctx);
        return raw({
          response: paginate(memberships, ctx.request.query, (m) => toFapiMembershipJson(m, view)),
          client: null,
        });
      },
    },
    {
      method: 'POST',
      path: '/organizations/:orgId/memberships',
      handler: (ctx) => {
        const errors = new FieldErrors();
        const userId = ctx.request.form.text('user_id', { max: 128, required: true }, errors);
        errors.throwIfAny();
        const role = readRole(ctx, true)!;
        const { org } = requireOrgAccess(ctx, { allOf: [MEMBERS_MANAGE] });
        if (!ctx.deps.users.get(userId!)) throw fapiErrors.notFound('user');
        return envelope(
          toFapiMembershipJson(
            callOrgs(() => ctx.deps.orgs.addMember(org.id, userId!, role)),
            v(ctx),
          ),
        );
      },
    },
    {
      method: 'PATCH',
      path: '/organizations/:orgId/memberships/:userId',
      handler: (ctx) => {
        const role = readRole(ctx, true)!;
        const { org } = requireOrgAccess(ctx, { allOf: [MEMBERS_MANAGE] });
        const updated = callOrgs(() => ctx.deps.orgs.updateMembership(org.id, memberParam(ctx), { role }));
        return envelope(toFapiMembershipJson(updated, v(ctx)));
      },
    },
    {
      method: 'DELETE',
      path: '/organizations/:orgId/memberships/:userId',
      handler: (ctx) => {
        const { org } = requireOrgAccess(ctx, { allOf: [MEMBERS_MANAGE] });
        const view = v(ctx);
        // Serialized before removal: the response is the membership as it was.
        const json = toFapiMembershipJson(
          callOrgs(() => ctx.deps.orgs.requireMembership(org.id, memberParam(ctx))),
          view,
        );
        const removed = callOrgs(() => ctx.deps.orgs.removeMember(org.id, memberParam(ctx)));
        ctx.deps.sessions.leaveOrganization(removed.userId, org.id);
        return envelope(json);
      },
    },
    {
      // The role dropdown (forceUpdateClient: the client is applied).
      method: 'GET',
      path: '/organizations/:orgId/roles',
      handler: (ctx) => {
        requireOrgAccess(ctx, { anyOf: [MEMBERS_READ, MEMBERS_MANAGE] });
        return envelope({
          ...paginate(ctx.deps.orgs.roles.list(), ctx.request.query, toRoleJson),
          has_role_set_migration: false,
        });
      },
    },
    {
      method: 'GET',
      path: '/organizations/:orgId/invitations',
      handler: (ctx) => {
        const { org } = requireOrgAccess(ctx, { allOf: [MEMBERS_MANAGE] });
        const status = listQuery(ctx.request.query, 'status') as InvitationStatus[];
        const invitations = ctx.deps.orgs.listInvitations({ organizationId: org.id, status });
        const view = v(ctx);
        return envelope(paginate(invitations, ctx.request.query, (i) => toFapiInvitationJson(i, view)));
      },
    },
    {
      method: 'POST',
      path: '/organizations/:orgId/invitations',
      handler: (ctx) => {
        const errors = new FieldErrors();
        const email = ctx.request.form.text('email_address', { max: 320, required: true }, errors);
        errors.throwIfAny();
        const role = readRole(ctx, false) ?? DEFAULT_MEMBER_ROLE;
        const { org, user } = requireOrgAccess(ctx, { allOf: [MEMBERS_MANAGE] });
        const invitation = callOrgs(() =>
          ctx.deps.orgs.invite(org.id, { emailAddress: email!, role, inviterUserId: user.id }),
        );
        return envelope(toFapiInvitationJson(invitation, v(ctx)));
      },
    },
    {
      // "Invite members": one invitation per address; all are checked before any is created.
      method: 'POST',
      path: '/organizations/:orgId/invitations/bulk',
      handler: (ctx) => {
        const emails = [
          ...new Set(
            ctx.request.form
              .values('email_address')
              .map((e) => e.trim())
              .filter(Boolean),
          ),
        ];
        const errors = new FieldErrors();
        if (emails.length === 0 || emails.length > MAX_BULK_INVITATIONS)
          errors.add(
            paramError('form_param_missing', 'email_address', `Give 1-${MAX_BULK_INVITATIONS} email addresses.`),
          );
        errors.throwIfAny();
        const role = readRole(ctx, false) ?? DEFAULT_MEMBER_ROLE;
        const { org, user } = requireOrgAccess(ctx, { allOf: [MEMBERS_MANAGE] });
        const view = v(ctx);
        const created = callOrgs(() => ctx.deps.orgs.inviteMany(org.id, emails, { role, inviterUserId: user.id }));
        return envelope(created.map((i) => toFapiInvitationJson(i, view)));
      },
    },
    {
      method: 'POST',
      path: '/organizations/:orgId/invitations/:invitationId/revoke',
      handler: (ctx) => {
        const { org } = requireOrgAccess(ctx, { allOf: [MEMBERS_MANAGE] });
        const revoked = callOrgs(() =>
          ctx.deps.orgs.revokeInvitation(org.id, ctx.request.params['invitationId'] ?? ''),
        );
        return envelope(toFapiInvitationJson(revoked, v(ctx)));
      },
    },
    // Domains and membership requests are not emulated (domains.enabled is false): empty lists.
    ...['/organizations/:orgId/domains', '/organizations/:orgId/membership_requests'].map((path): FapiRoute => ({
      method: 'GET',
      path,
      handler: (ctx) => {
        requireOrgAccess(ctx);
        return envelope({ data: [], total_count: 0 });
      },
    })),
  ];
}
