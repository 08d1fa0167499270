import { clerkError, paramError } from '../../http/clerk-error.js';
import type { InvitationStatus } from '../../store/orgs/organization-types.js';
import { DEFAULT_MEMBER_ROLE } from '../../store/orgs/role-registry.js';
import { isPlainObject, type JsonObject } from '../../util/json.js';
import type { BapiDeps } from '../deps.js';
import type { RouteDefinition } from '../router.js';
import {
  FieldErrors,
  metadataParam,
  rejectUnknownParams,
  requireObjectBody,
  stringParam,
} from '../validation/body-fields.js';
import { call, many, organizationRouteKit } from './organization-route-kit.js';

const STATUSES: readonly InvitationStatus[] = ['pending', 'accepted', 'revoked'];
const MAX_BULK = 50;

/** An organization's invitations: list, create (one or a batch), get, revoke. */
export function organizationInvitationRoutes(deps: BapiDeps): RouteDefinition[] {
  const { orgs } = deps;
  const { org, page, invitationJson } = organizationRouteKit(deps);

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

  return [
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
