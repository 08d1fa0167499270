import { ClerkApiError, clerkError, paramError } from '../http/clerk-error.js';
import type { EmulatedMembership, EmulatedOrganization } from '../store/orgs/organization-types.js';
import { OrganizationStoreError } from '../store/orgs/organization-types.js';
import type { EmulatedSession } from '../store/session-store.js';
import type { EmulatedUser } from '../store/user-types.js';
import type { FapiContext } from './context.js';
import { fapiErrors } from './errors.js';
import type { OrgView } from './serialize/organization-json.js';

/** The signed-in user the request acts for (`_clerk_session_id`, else the client's last active session). */
export function signedInUser(ctx: FapiContext): { session: EmulatedSession; user: EmulatedUser } {
  const session = ctx.currentSession();
  const user = ctx.deps.users.get(session.userId);
  if (!user) throw fapiErrors.signedOut();
  return { session, user };
}

export const orgViewOf = (ctx: FapiContext): OrgView => ({
  orgs: ctx.deps.orgs,
  users: ctx.deps.users,
  view: ctx.view,
});

/** Clerk's answer when a member's role lacks the permission an organization call needs. */
export const notAllowed = (): ClerkApiError =>
  clerkError(
    403,
    'not_allowed_access',
    'You are not authorized to perform this request',
    'You are not authorized to perform this request',
  );

export interface OrgAccess {
  session: EmulatedSession;
  user: EmulatedUser;
  org: EmulatedOrganization;
  membership: EmulatedMembership;
}

/**
 * The organization of the `:orgId` path parameter and the caller's membership in it, checked for
 * every permission in `needs` (any one of `anyOf`): a non-member gets 404, like an unknown
 * organization; a member whose role lacks the permission gets 403 `not_allowed_access`.
 */
export function requireOrgAccess(
  ctx: FapiContext,
  needs: { allOf?: readonly string[]; anyOf?: readonly string[] } = {},
): OrgAccess {
  const { session, user } = signedInUser(ctx);
  const org = ctx.deps.orgs.get(ctx.request.params['orgId'] ?? '');
  const membership = org && ctx.deps.orgs.getMembership(org.id, user.id);
  if (!org || !membership) throw fapiErrors.notFound('organization');
  const role = ctx.deps.orgs.roles.get(membership.role);
  const granted = new Set([...(role?.permissions ?? []), ...(role?.systemPermissions ?? [])]);
  const allOk = (needs.allOf ?? []).every((p) => granted.has(p));
  const anyOk = !needs.anyOf || needs.anyOf.some((p) => granted.has(p));
  if (!allOk || !anyOk) throw notAllowed();
  return { session, user, org, membership };
}

/** Runs an organization store call, turning its typed failures into Clerk-shaped errors. */
export function callOrgs<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw orgStoreErrorToClerk(err);
  }
}

export function orgStoreErrorToClerk(err: unknown): unknown {
  if (!(err instanceof OrganizationStoreError)) return err;
  const param = err.param ?? 'body';
  switch (err.code) {
    case 'not_found':
      return clerkError(404, 'resource_not_found', 'Resource not found', `${err.resource ?? 'resource'} not found.`);
    case 'exists':
      return new ClerkApiError(422, [paramError('form_identifier_exists', param, err.message)]);
    case 'already_member':
      return clerkError(400, 'already_a_member_in_organization', 'Already a member', err.message, {
        param_name: param,
      });
    case 'quota_exceeded':
      return clerkError(403, 'organization_membership_quota_exceeded', 'Membership quota exceeded', err.message);
    default:
      return new ClerkApiError(422, [paramError('form_param_format_invalid', param, err.message)]);
  }
}

/** `limit` (default 10, at most 500) and `offset` of a list request (clerk-js `iD()`). */
function pageParams(query: URLSearchParams): { limit: number; offset: number } {
  const int = (name: string, fallback: number, max: number) => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw new ClerkApiError(422, [
        paramError('form_param_format_invalid', name, `${name} must be an integer 0-${max}`),
      ]);
    return n;
  };
  return { limit: int('limit', 10, 500) || 10, offset: int('offset', 0, 1_000_000) };
}

/** `{data, total_count}` of one page. */
export function paginate<T, R>(
  items: readonly T[],
  query: URLSearchParams,
  map: (item: T) => R,
): { data: R[]; total_count: number } {
  const { limit, offset } = pageParams(query);
  return { data: items.slice(offset, offset + limit).map(map), total_count: items.length };
}

/** Query values may arrive repeated or comma-joined (`status=pending&status=accepted`, `status=pending,accepted`). */
export function listQuery(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}
