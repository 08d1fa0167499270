import { orgStoreErrorToClerk } from '../../fapi/org-access.js';
import { clerkError, paramError } from '../../http/clerk-error.js';
import { NAME_MAX_LENGTH } from '../../seed/seed-schema.js';
import type { InvitationStatus, OrganizationPatch } from '../../store/orgs/organization-types.js';
import { DEFAULT_MEMBER_ROLE } from '../../store/orgs/role-registry.js';
import { deepMergeMetadata, isPlainObject, type JsonObject } from '../../util/json.js';
import type { BapiDeps } from '../deps.js';
import type { RouteDefinition, RouteRequest } from '../router.js';
import { toBapiInvitationJson, toBapiMembershipJson, toBapiOrganizationJson } from '../serialize/organization-json.js';
import {
  booleanParam,
  FieldErrors,
  integerParam,
  metadataParam,
  rejectUnknownParams,
  requireObjectBody,
  stringParam,
} from '../validation/body-fields.js';
import { parsePage } from '../validation/list-params.js';

const SLUG = {
  max: 64,
  pattern: /^[a-z0-9][a-z0-9-]{0,63}$/,
  patternHint: 'must be lowercase letters, digits and dashes',
};
const STATUSES: readonly InvitationStatus[] = ['pending', 'accepted', 'revoked'];
const MAX_BULK = 50;

/** Runs a store call, turning its typed failures into Clerk-shaped errors. */
function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw orgStoreErrorToClerk(err);
  }
}

/** Query values repeated or comma-joined. */
const many = (query: URLSearchParams, name: string) =>
  query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * The Backend API's organizations, as @clerk/backend 3.25.0's `OrganizationAPI` and
 * `users.getOrganizationMembershipList` call them. The secret key may do anything: no role checks.
 */
export function organizationRoutes(deps: BapiDeps): RouteDefinition[] {
  const { orgs, users, sessions } = deps;
  const org = (request: RouteRequest) => call(() => orgs.require(request.params['orgId'] ?? ''));
  const page = <T>(items: readonly T[], query: URLSearchParams, map: (item: T) => unknown) => {
    const errors = new FieldErrors();
    const { limit, offset } = parsePage(query, errors);
    errors.throwIfAny();
    return { status: 200, body: { data: items.slice(offset, offset + limit).map(map), total_count: items.length } };
  };
  const orgJson = (o: Parameters<typeof toBapiOrganizationJson>[0]) => toBapiOrganizationJson(o, orgs);
  const membershipJson = (m: Parameters<typeof toBapiMembershipJson>[0]) => toBapiMembershipJson(m, orgs, users);
  const invitationJson = (i: Parameters<typeof toBapiInvitationJson>[0]) => toBapiInvitationJson(i, orgs);

  const readInvitation = (body: JsonObject, errors: FieldErrors) => {
    rejectUnknownParams(
      body,
      [
        'email_address',
        'role',
        'inviter_user_id',
        'public_metadata',
        'private_metadata',
        'redirect_url',
        'notify',
        'expires_in_days',
      ],
      errors,
    );
    const emailAddress = stringParam(body, 'email_address', { min: 3, max: 320 }, errors);
    if (!('email_address' in body))
      errors.add(paramError('form_param_missing', 'email_address', 'email_address is required.'));
    const role = stringParam(body, 'role', { min: 1, max: 128 }, errors) ?? DEFAULT_MEMBER_ROLE;
    const inviterUserId = stringParam(body, 'inviter_user_id', { max: 128, nullable: true }, errors);
    const publicMetadata = metadataParam(body, 'public_metadata', errors);
    const privateMetadata = metadataParam(body, 'private_metadata', errors);
    return {
      emailAddress: emailAddress ?? '',
      role,
      inviterUserId: inviterUserId ?? null,
      ...(publicMetadata ? { publicMetadata } : {}),
      ...(privateMetadata ? { privateMetadata } : {}),
    };
  };

  const metadataRoute =
    (combine: (current: JsonObject, change: JsonObject | null) => JsonObject) => (request: RouteRequest) => {
      const body = requireObjectBody(request.body);
      const errors = new FieldErrors();
      rejectUnknownParams(body, ['public_metadata', 'private_metadata'], errors);
      const change = {
        public: metadataParam(body, 'public_metadata', errors, true),
        private: metadataParam(body, 'private_metadata', errors, true),
      };
      errors.throwIfAny();
      const target = org(request);
      const updated = orgs.updateMetadata(target.id, (current) => ({
        publicMetadata:
          change.public === undefined ? current.publicMetadata : combine(current.publicMetadata, change.public),
        privateMetadata:
          change.private === undefined ? current.privateMetadata : combine(current.privateMetadata, change.private),
      }));
      return { status: 200, body: orgJson(updated) };
    };

  return [
    {
      name: 'listOrganizations',
      method: 'GET',
      path: '/organizations',
      handler: ({ query }) => {
        const ids = many(query, 'organization_id');
        const userIds = many(query, 'user_id');
        const q = query.get('query') ?? undefined;
        let list = orgs.list(q ? { query: q } : {});
        if (ids.length > 0) list = list.filter((o) => ids.includes(o.id));
        if (userIds.length > 0)
          list = list.filter((o) => userIds.some((u) => orgs.getMembership(o.id, u) !== undefined));
        return page(list, query, orgJson);
      },
    },
    {
      name: 'createOrganization',
      method: 'POST',
      path: '/organizations',
      handler: ({ body: raw }) => {
        const body = requireObjectBody(raw);
        const errors = new FieldErrors();
        rejectUnknownParams(
          body,
          [
            'name',
            'slug',
            'created_by',
            'max_allowed_memberships',
            'public_metadata',
            'private_metadata',
            'role_set_key',
          ],
          errors,
        );
        const name = stringParam(body, 'name', { min: 1, max: NAME_MAX_LENGTH }, errors);
        if (!('name' in body)) errors.add(paramError('form_param_missing', 'name', 'name is required.'));
        const slug = stringParam(body, 'slug', SLUG, errors);
        const createdBy = stringParam(body, 'created_by', { max: 128, nullable: true }, errors);
        const max = integerParam(body, 'max_allowed_memberships', { min: 0, max: 100_000 }, errors);
        const publicMetadata = metadataParam(body, 'public_metadata', errors);
        const privateMetadata = metadataParam(body, 'private_metadata', errors);
        errors.throwIfAny();
        if (createdBy && !users.get(createdBy))
          throw clerkError(404, 'resource_not_found', 'not found', 'user not found');
        const created = call(() =>
          orgs.create({
            name: name!,
            ...(slug === undefined ? {} : { slug }),
            ...(createdBy ? { createdBy } : {}),
            ...(max === undefined ? {} : { maxAllowedMemberships: max }),
            ...(publicMetadata ? { publicMetadata } : {}),
            ...(privateMetadata ? { privateMetadata } : {}),
          }),
        );
        return { status: 200, body: orgJson(created) };
      },
    },
    {
      // By id or slug (`getOrganization({ slug })`).
      name: 'getOrganization',
      method: 'GET',
      path: '/organizations/:orgId',
      handler: (request) => ({ status: 200, body: orgJson(org(request)) }),
    },
    {
      name: 'updateOrganization',
      method: 'PATCH',
      path: '/organizations/:orgId',
      handler: (request) => {
        const body = requireObjectBody(request.body);
        const errors = new FieldErrors();
        rejectUnknownParams(
          body,
          ['name', 'slug', 'max_allowed_memberships', 'admin_delete_enabled', 'public_metadata', 'private_metadata'],
          errors,
        );
        const patch: OrganizationPatch = {};
        const name = stringParam(body, 'name', { min: 1, max: NAME_MAX_LENGTH }, errors);
        const slug = stringParam(body, 'slug', SLUG, errors);
        const max = integerParam(body, 'max_allowed_memberships', { min: 0, max: 100_000 }, errors);
        const adminDelete = booleanParam(body, 'admin_delete_enabled', errors);
        const publicMetadata = metadataParam(body, 'public_metadata', errors);
        const privateMetadata = metadataParam(body, 'private_metadata', errors);
        errors.throwIfAny();
        if (name !== undefined) patch.name = name;
        if (slug !== undefined) patch.slug = slug;
        if (max !== undefined) patch.maxAllowedMemberships = max;
        if (adminDelete !== undefined) patch.adminDeleteEnabled = adminDelete;
        if (publicMetadata) patch.publicMetadata = publicMetadata;
        if (privateMetadata) patch.privateMetadata = privateMetadata;
        const target = org(request);
        return { status: 200, body: orgJson(call(() => orgs.update(target.id, patch))) };
      },
    },
    {
      name: 'deleteOrganization',
      method: 'DELETE',
      path: '/organizations/:orgId',
      handler: (request) => {
        const target = org(request);
        const members = orgs.listMemberships({ organizationId: target.id });
        orgs.delete(target.id);
        for (const m of members) sessions.leaveOrganization(m.userId, target.id);
        return { status: 200, body: { object: 'organization', id: target.id, slug: target.slug, deleted: true } };
      },
    },
    {
      name: 'updateOrganizationMetadata',
      method: 'PATCH',
      path: '/organizations/:orgId/metadata',
      handler: metadataRoute((current, change) => (change === null ? {} : deepMergeMetadata(current, change))),
    },
    {
      name: 'replaceOrganizationMetadata',
      method: 'PUT',
      path: '/organizations/:orgId/metadata',
      handler: metadataRoute((_current, change) => change ?? {}),
    },
    {
      name: 'listOrganizationMemberships',
      method: 'GET',
      path: '/organizations/:orgId/memberships',
      handler: (request) => {
        const target = org(request);
        const userIds = many(request.query, 'user_id');
        const emails = many(request.query, 'email_address').map((e) => e.toLowerCase());
        const list = orgs
          .listMemberships({ organizationId: target.id, roles: many(request.query, 'role') })
          .filter((m) => userIds.length === 0 || userIds.includes(m.userId))
          .filter((m) => emails.length === 0 || emails.includes(users.get(m.userId)?.email.toLowerCase() ?? ''));
        return page(list, request.query, membershipJson);
      },
    },
    {
      name: 'createOrganizationMembership',
      method: 'POST',
      path: '/organizations/:orgId/memberships',
      handler: (request) => {
        const body = requireObjectBody(request.body);
        const errors = new FieldErrors();
        rejectUnknownParams(body, ['user_id', 'role'], errors);
        const userId = stringParam(body, 'user_id', { min: 1, max: 128 }, errors);
        const role = stringParam(body, 'role', { min: 1, max: 128 }, errors);
        for (const key of ['user_id', 'role'])
          if (!(key in body)) errors.add(paramError('form_param_missing', key, `${key} is required.`));
        errors.throwIfAny();
        const target = org(request);
        if (!users.get(userId!)) throw clerkError(404, 'resource_not_found', 'not found', 'user not found');
        return { status: 200, body: membershipJson(call(() => orgs.addMember(target.id, userId!, role!))) };
      },
    },
    {
      name: 'updateOrganizationMembership',
      method: 'PATCH',
      path: '/organizations/:orgId/memberships/:userId',
      handler: (request) => {
        const body = requireObjectBody(request.body);
        const errors = new FieldErrors();
        rejectUnknownParams(body, ['role'], errors);
        const role = stringParam(body, 'role', { min: 1, max: 128 }, errors);
        if (!('role' in body)) errors.add(paramError('form_param_missing', 'role', 'role is required.'));
        errors.throwIfAny();
        const target = org(request);
        const updated = call(() => orgs.updateMembership(target.id, request.params['userId'] ?? '', { role: role! }));
        return { status: 200, body: membershipJson(updated) };
      },
    },
    {
      name: 'deleteOrganizationMembership',
      method: 'DELETE',
      path: '/organizations/:orgId/memberships/:userId',
      handler: (request) => {
        const target = org(request);
        const membership = call(() => orgs.requireMembership(target.id, request.params['userId'] ?? ''));
        const json = membershipJson(membership);
        orgs.removeMember(target.id, membership.userId);
        sessions.leaveOrganization(membership.userId, target.id);
        return { status: 200, body: json };
      },
    },
    {
      name: 'listUserOrganizationMemberships',
      method: 'GET',
      path: '/users/:userId/organization_memberships',
      handler: (request) => {
        const userId = request.params['userId'] ?? '';
        if (!users.get(userId)) throw clerkError(404, 'resource_not_found', 'not found', 'user not found');
        return page(orgs.listMemberships({ userId }), request.query, membershipJson);
      },
    },
    {
      name: 'listOrganizationInvitations',
      method: 'GET',
      path: '/organizations/:orgId/invitations',
      handler: (request) => {
        const target = org(request);
        const status = many(request.query, 'status').filter((s): s is InvitationStatus =>
          STATUSES.includes(s as InvitationStatus),
        );
        return page(orgs.listInvitations({ organizationId: target.id, status }), request.query, invitationJson);
      },
    },
    {
      name: 'createOrganizationInvitation',
      method: 'POST',
      path: '/organizations/:orgId/invitations',
      handler: (request) => {
        const body = requireObjectBody(request.body);
        const errors = new FieldErrors();
        const input = readInvitation(body, errors);
        errors.throwIfAny();
        const target = org(request);
        return { status: 200, body: invitationJson(call(() => orgs.invite(target.id, input))) };
      },
    },
    {
      // A JSON array of invitations; all are checked before any is created.
      name: 'createOrganizationInvitationBulk',
      method: 'POST',
      path: '/organizations/:orgId/invitations/bulk',
      handler: (request) => {
        const items = request.body;
        if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BULK || !items.every(isPlainObject))
          throw clerkError(
            400,
            'malformed_request',
            'malformed request',
            `The body must be an array of 1-${MAX_BULK} invitations.`,
          );
        const errors = new FieldErrors();
        const inputs = items.map((item) => readInvitation(item, errors));
        errors.throwIfAny();
        const target = org(request);
        const roles = new Set(inputs.map((i) => i.role));
        if (roles.size > 1)
          throw clerkError(
            422,
            'form_param_format_invalid',
            'one role',
            'The emulator invites a batch with one role.',
            { param_name: 'role' },
          );
        const first = inputs[0]!;
        const created = call(() =>
          orgs.inviteMany(
            target.id,
            inputs.map((i) => i.emailAddress),
            { role: first.role, inviterUserId: first.inviterUserId },
          ),
        );
        // The SDK types this as a paginated response.
        return { status: 200, body: { data: created.map(invitationJson), total_count: created.length } };
      },
    },
    {
      name: 'getOrganizationInvitation',
      method: 'GET',
      path: '/organizations/:orgId/invitations/:invitationId',
      handler: (request) => {
        const target = org(request);
        const invitation = orgs.getInvitation(request.params['invitationId'] ?? '');
        if (!invitation || invitation.organizationId !== target.id)
          throw clerkError(404, 'resource_not_found', 'not found', 'invitation not found');
        return { status: 200, body: invitationJson(invitation) };
      },
    },
    {
      name: 'revokeOrganizationInvitation',
      method: 'POST',
      path: '/organizations/:orgId/invitations/:invitationId/revoke',
      handler: (request) => {
        const target = org(request);
        return {
          status: 200,
          body: invitationJson(call(() => orgs.revokeInvitation(target.id, request.params['invitationId'] ?? ''))),
        };
      },
    },
  ];
}
