import { clerkError, paramError } from '../../http/clerk-error.js';
import type { BapiDeps } from '../deps.js';
import type { RouteDefinition } from '../router.js';
import { FieldErrors, rejectUnknownParams, requireObjectBody, stringParam } from '../validation/body-fields.js';
import { call, many, organizationRouteKit } from './organization-route-kit.js';

/** An organization's memberships, and a user's memberships across organizations. */
export function organizationMembershipRoutes(deps: BapiDeps): RouteDefinition[] {
  const { orgs, users, sessions } = deps;
  const { org, page, membershipJson } = organizationRouteKit(deps);
  return [
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
  ];
}
