import { mintSessionToken } from '../../tokens/mint-session-token.js';
import type { FapiContext } from '../context.js';
import { toFapiSessionJson } from './session-json.js';
import { toSignInJson } from './sign-in-json.js';
import { toSignUpJson } from './sign-up-json.js';

// clerk-js routes sign-out through `GET /v1/client/touch` when the cookie expires within 8 days.
const COOKIE_LIFETIME_MS = 365 * 24 * 3600 * 1000;

/** ClientJSON of the request's client with a fresh token in each active session, or null. */
export function toClientJson(ctx: FapiContext): Record<string, unknown> | null {
  const client = ctx.client;
  if (!client || ctx.destroyed) return null;
  const { users, mint } = ctx.deps;
  const azp = ctx.request.appOrigin;
  const sessions = ctx.activeSessions().flatMap((session) => {
    const user = users.get(session.userId);
    if (!user) return [];
    const token = mintSessionToken(mint, { sessionId: session.id, ...(azp ? { azp } : {}) });
    return [toFapiSessionJson(session, user, ctx.view, token)];
  });
  const lastActive = sessions.some((s) => s['id'] === client.lastActiveSessionId) ? client.lastActiveSessionId : null;
  return {
    object: 'client',
    id: client.id,
    sessions,
    sign_in: client.signIn ? toSignInJson(client.signIn, ctx.view) : null,
    sign_up: client.signUp ? toSignUpJson(client.signUp) : null,
    last_active_session_id: lastActive,
    last_authentication_strategy: null,
    captcha_bypass: false,
    cookie_expires_at: Date.now() + COOKIE_LIFETIME_MS,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}
