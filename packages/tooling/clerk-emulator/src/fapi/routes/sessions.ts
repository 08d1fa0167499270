import { FieldErrors } from '../../http/field-errors.js';
import type { EmulatedSession } from '../../store/session-store.js';
import { mintSessionToken, mintTemplateToken } from '../../tokens/mint-session-token.js';
import type { FapiContext } from '../context.js';
import { fapiErrors } from '../errors.js';
import { envelope, type FapiRoute, raw } from '../route.js';
import { toClientJson } from '../serialize/client-json.js';
import { toFapiSessionJson } from '../serialize/session-json.js';
import { afterSessionsEnded } from '../sign-in-user.js';

const TEMPLATE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * `organization_id` as clerk-js sends it: absent → the session's active organization,
 * '' → the personal account, an id or slug → that organization (the user must belong to it).
 */
function organizationFor(
  ctx: FapiContext,
  session: EmulatedSession,
  param: string,
  options: { unknown: 'not_found' | 'personal' } = { unknown: 'not_found' },
): string | null | undefined {
  const errors = new FieldErrors();
  const value = ctx.request.form.text(param, { max: 128 }, errors);
  errors.throwIfAny();
  if (value === undefined) return undefined;
  if (value === '') return null;
  const org = ctx.deps.orgs.get(value);
  if (!org || !ctx.deps.orgs.getMembership(org.id, session.userId)) {
    if (options.unknown === 'personal') return null;
    throw fapiErrors.notFound('organization');
  }
  return org.id;
}

function sessionJson(ctx: FapiContext, session: EmulatedSession, withToken: boolean) {
  const user = ctx.deps.users.get(session.userId);
  if (!user) throw fapiErrors.signedOut();
  const azp = ctx.request.appOrigin;
  const token =
    withToken && session.status === 'active'
      ? mintSessionToken(ctx.deps.mint, { sessionId: session.id, ...(azp ? { azp } : {}) })
      : null;
  return toFapiSessionJson(session, user, ctx.view, token);
}

/** Ends one session of the client ('removed' by sign-out of one session, 'ended' by `end`). */
function endSession(ctx: FapiContext, status: 'removed' | 'ended') {
  const session = ctx.requireClientSession(ctx.request.params['sessionId'] ?? '');
  const ended = ctx.deps.sessions.end(session.id, status) ?? session;
  ctx.commit(afterSessionsEnded(ctx, ctx.requireClient()));
  return envelope(sessionJson(ctx, ended, false));
}

export function sessionRoutes(): FapiRoute[] {
  const tokenRoute = (template: boolean): FapiRoute => ({
    method: 'POST',
    path: template ? '/client/sessions/:sessionId/tokens/:template' : '/client/sessions/:sessionId/tokens',
    handler: (ctx) => {
      const session = ctx.requireClientSession(ctx.request.params['sessionId'] ?? '');
      const azp = ctx.request.appOrigin;
      if (template) {
        const name = ctx.request.params['template'] ?? '';
        if (!TEMPLATE_NAME.test(name)) throw fapiErrors.notFound('jwt_template');
        return raw({ object: 'token', jwt: mintTemplateToken(ctx.deps.mint, session, name) });
      }
      // An explicit organization (or '' for the personal account) picks the claims; the session stays
      // as it is. One the user no longer belongs to (removed, left, deleted) gets a personal-account
      // token rather than an error: a removed member's open tab keeps working without the org.
      const org = organizationFor(ctx, session, 'organization_id', { unknown: 'personal' });
      const jwt = mintSessionToken(ctx.deps.mint, {
        sessionId: session.id,
        ...(azp ? { azp } : {}),
        ...(org === undefined ? {} : { organizationId: org }),
      });
      return raw({ object: 'token', jwt });
    },
  });

  return [
    tokenRoute(false),
    tokenRoute(true),
    {
      method: 'POST',
      path: '/client/sessions/:sessionId/touch',
      handler: (ctx) => {
        const session = ctx.requireClientSession(ctx.request.params['sessionId'] ?? '');
        const org = organizationFor(ctx, session, 'active_organization_id');
        const touched = ctx.deps.sessions.touch(session.id, org) ?? session;
        ctx.commit({ ...ctx.requireClient(), lastActiveSessionId: touched.id });
        return envelope(sessionJson(ctx, touched, true));
      },
    },
    { method: 'POST', path: '/client/sessions/:sessionId/remove', handler: (ctx) => endSession(ctx, 'removed') },
    { method: 'POST', path: '/client/sessions/:sessionId/end', handler: (ctx) => endSession(ctx, 'ended') },
    {
      // Sign out of every session on this client (clerk-js `signOut()`).
      method: 'DELETE',
      path: '/client/sessions',
      handler: (ctx) => {
        const client = ctx.requireClient();
        for (const session of ctx.activeSessions()) ctx.deps.sessions.end(session.id, 'removed');
        ctx.commit({ ...afterSessionsEnded(ctx, client), signIn: null, signUp: null });
        return envelope(toClientJson(ctx));
      },
    },
  ];
}
