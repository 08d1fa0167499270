import { orgStoreErrorToClerk } from '../../fapi/org-access.js';
import type { BapiDeps } from '../deps.js';
import type { RouteRequest } from '../router.js';
import { toBapiInvitationJson, toBapiMembershipJson, toBapiOrganizationJson } from '../serialize/organization-json.js';
import { FieldErrors } from '../validation/body-fields.js';
import { parsePage } from '../validation/list-params.js';

/** Runs a store call, turning its typed failures into Clerk-shaped errors. */
export function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw orgStoreErrorToClerk(err);
  }
}

/** Query values repeated or comma-joined. */
export const many = (query: URLSearchParams, name: string) =>
  query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/** What every organization route needs: the addressed organization, paging and the JSON shapes. */
export function organizationRouteKit(deps: BapiDeps) {
  const { orgs, users } = deps;
  return {
    org: (request: RouteRequest) => call(() => orgs.require(request.params['orgId'] ?? '')),
    page: <T>(items: readonly T[], query: URLSearchParams, map: (item: T) => unknown) => {
      const errors = new FieldErrors();
      const { limit, offset } = parsePage(query, errors);
      errors.throwIfAny();
      return { status: 200, body: { data: items.slice(offset, offset + limit).map(map), total_count: items.length } };
    },
    orgJson: (o: Parameters<typeof toBapiOrganizationJson>[0]) => toBapiOrganizationJson(o, orgs),
    membershipJson: (m: Parameters<typeof toBapiMembershipJson>[0]) => toBapiMembershipJson(m, orgs, users),
    invitationJson: (i: Parameters<typeof toBapiInvitationJson>[0]) => toBapiInvitationJson(i, orgs),
  };
}
