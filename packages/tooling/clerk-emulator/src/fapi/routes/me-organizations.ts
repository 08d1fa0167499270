import type { InvitationStatus } from '../../store/orgs/organization-types.js';
import { fapiErrors } from '../errors.js';
import { callOrgs, listQuery, orgViewOf, paginate, signedInUser } from '../org-access.js';
import { envelope, type FapiRoute, raw } from '../route.js';
import { toFapiInvitationJson, toFapiMembershipJson } from '../serialize/organization-json.js';

const INVITATION_STATUSES: readonly InvitationStatus[] = ['pending', 'accepted', 'revoked'];

/**
 * The signed-in user's side of organizations: what `<OrganizationSwitcher/>` lists (memberships,
 * invitations, suggestions), accepting an invitation, and leaving.
 */
export function meOrganizationRoutes(): FapiRoute[] {
  return [
    {
      // useOrganizationList({ userMemberships }): always paginated=true; GET lists carry no client.
      method: 'GET',
      path: '/me/organization_memberships',
      handler: (ctx) => {
        const { user } = signedInUser(ctx);
        const v = orgViewOf(ctx);
        const memberships = ctx.deps.orgs.listMemberships({ userId: user.id });
        return raw({
          response: paginate(memberships, ctx.request.query, (m) => toFapiMembershipJson(m, v)),
          client: null,
        });
      },
    },
    {
      // user.leaveOrganization(orgId): a DeletedObject; the client no longer lists the membership.
      method: 'DELETE',
      path: '/me/organization_memberships/:orgId',
      handler: (ctx) => {
        const { user } = signedInUser(ctx);
        const org = ctx.deps.orgs.get(ctx.request.params['orgId'] ?? '');
        const removed = callOrgs(() => ctx.deps.orgs.removeMember(org?.id ?? '', user.id));
        ctx.deps.sessions.leaveOrganization(user.id, removed.organizationId);
        return envelope({ object: 'organization_membership', id: removed.id, deleted: true });
      },
    },
    {
      // Invitations addressed to the user's email address (the switcher prefetches the pending ones).
      method: 'GET',
      path: '/me/organization_invitations',
      handler: (ctx) => {
        const { user } = signedInUser(ctx);
        const status = listQuery(ctx.request.query, 'status').filter((s): s is InvitationStatus =>
          INVITATION_STATUSES.includes(s as InvitationStatus),
        );
        const invitations = ctx.deps.orgs.listInvitations({ emailAddress: user.email, status });
        const v = orgViewOf(ctx);
        return raw({
          response: paginate(invitations, ctx.request.query, (i) => toFapiInvitationJson(i, v)),
          client: null,
        });
      },
    },
    {
      // "Join" in the switcher: only the invited address may accept; the piggybacked client lists the new membership.
      method: 'POST',
      path: '/me/organization_invitations/:invitationId/accept',
      handler: (ctx) => {
        const { user } = signedInUser(ctx);
        const invitation = ctx.deps.orgs.getInvitation(ctx.request.params['invitationId'] ?? '');
        if (!invitation || invitation.emailAddress.toLowerCase() !== user.email.toLowerCase())
          throw fapiErrors.notFound('invitation');
        const accepted = callOrgs(() => ctx.deps.orgs.acceptInvitation(invitation.id, user.id));
        return envelope(toFapiInvitationJson(accepted.invitation, orgViewOf(ctx)));
      },
    },
    {
      // Suggestions come from verified domains, which are not emulated.
      method: 'GET',
      path: '/me/organization_suggestions',
      handler: (ctx) => {
        signedInUser(ctx);
        return raw({ response: { data: [], total_count: 0 }, client: null });
      },
    },
  ];
}
