import type { EmulatedSession } from '../../store/session-store.js';
import type { EmulatedUser } from '../../store/user-types.js';
import type { FapiView } from '../view.js';
import { publicUserData } from './organization-json.js';
import { toFapiUserJson } from './user-json.js';

/**
 * SessionJSON with `last_active_token`: clerk-js writes the `__session` cookie from it
 * without a separate token request.
 */
export function toFapiSessionJson(
  session: EmulatedSession,
  user: EmulatedUser,
  view: FapiView,
  token: string | null,
): Record<string, unknown> {
  return {
    object: 'session',
    id: session.id,
    status: session.status,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    last_active_at: session.lastActiveAt,
    last_active_organization_id: session.activeOrganizationId,
    last_active_token: token === null ? null : { object: 'token', jwt: token },
    actor: null,
    tasks: null,
    factor_verification_age: [0, -1],
    user: toFapiUserJson(user, view),
    public_user_data: publicUserData(user, view),
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/** An entry of `GET /v1/me/sessions/active` (the profile's "Active devices"). */
export function toSessionActivityJson(
  session: EmulatedSession,
  user: EmulatedUser,
  view: FapiView,
): Record<string, unknown> {
  return {
    ...toFapiSessionJson(session, user, view, null),
    latest_activity: {
      object: 'session_activity',
      id: `sess_activity_${session.id.replace(/^sess_/, '')}`,
      browser_name: 'Chrome',
      browser_version: '',
      device_type: 'Emulated device',
      ip_address: '127.0.0.1',
      city: 'Localhost',
      country: '',
      is_mobile: false,
    },
  };
}
