import { clerkError, paramError } from '../../http/clerk-error.js';
import { NAME_MAX_LENGTH } from '../../seed/seed-schema.js';
import type { OrganizationPatch } from '../../store/orgs/organization-types.js';
import { deepMergeMetadata, type JsonObject } from '../../util/json.js';
import type { BapiDeps } from '../deps.js';
import type { RouteDefinition, RouteRequest } from '../router.js';
import {
  booleanParam,
  FieldErrors,
  integerParam,
  metadataParam,
  rejectUnknownParams,
  requireObjectBody,
  stringParam,
} from '../validation/body-fields.js';
import { organizationInvitationRoutes } from './organization-invitations.js';
import { organizationMembershipRoutes } from './organization-memberships.js';
import { call, many, organizationRouteKit } from './organization-route-kit.js';

const SLUG = {
  max: 64,
  pattern: /^[a-z0-9][a-z0-9-]{0,63}$/,
  patternHint: 'must be lowercase letters, digits and dashes',
};

/**
 * The Backend API's organizations, as @clerk/backend 3.25.0's `OrganizationAPI` and
 * `users.getOrganizationMembershipList` call them. The secret key may do anything: no role checks.
 */
export function organizationRoutes(deps: BapiDeps): RouteDefinition[] {
  return [
    ...organizationEntityRoutes(deps),
    ...organizationMembershipRoutes(deps),
    ...organizationInvitationRoutes(deps),
  ];
}

/** The organizations themselves: list, create, get, update, delete, metadata. */
function organizationEntityRoutes(deps: BapiDeps): RouteDefinition[] {
  const { orgs, users, sessions } = deps;
  const { org, page, orgJson } = organizationRouteKit(deps);

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
  ];
}
