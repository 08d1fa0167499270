import { callStore } from '../../bapi/routes/user-store-errors.js';
import { paramError } from '../../http/clerk-error.js';
import { FieldErrors } from '../../http/field-errors.js';
import { NAME_MAX_LENGTH } from '../../seed/seed-schema.js';
import type { EmulatedSession } from '../../store/session-store.js';
import type { UserPatch } from '../../store/user-types.js';
import { isPlainObject } from '../../util/json.js';
import type { FapiContext } from '../context.js';
import { fapiErrors, formError } from '../errors.js';
import { envelope, type FapiRoute, raw } from '../route.js';
import { toSessionActivityJson } from '../serialize/session-json.js';
import { toFapiUserJson } from '../serialize/user-json.js';
import { afterSessionsEnded } from '../sign-in-user.js';
import { passwordProblem } from '../validation/password-rules.js';

function currentUser(ctx: FapiContext) {
  const session = ctx.currentSession();
  const user = ctx.deps.users.get(session.userId);
  if (!user) throw fapiErrors.signedOut();
  return { session, user };
}

/** Fields of `PATCH /v1/me` the profile screens send; names are trimmed, '' clears. */
function readProfilePatch(ctx: FapiContext): UserPatch {
  const errors = new FieldErrors();
  const { form } = ctx.request;
  const patch: UserPatch = {};
  for (const [key, param] of [
    ['firstName', 'first_name'],
    ['lastName', 'last_name'],
  ] as const) {
    const value = form.text(param, { max: NAME_MAX_LENGTH }, errors);
    if (value !== undefined && /\p{Cc}/u.test(value))
      errors.add(paramError('form_param_format_invalid', param, `${param} must not contain control characters`));
    else if (value !== undefined) patch[key] = value.trim() === '' ? null : value.trim();
  }
  const metadata = form.text('unsafe_metadata', { max: 8 * 1024 }, errors);
  if (metadata !== undefined && metadata !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(metadata);
    } catch {
      parsed = undefined;
    }
    if (isPlainObject(parsed)) patch.unsafeMetadata = parsed;
    else
      errors.add(paramError('form_param_format_invalid', 'unsafe_metadata', 'unsafe_metadata must be a JSON object'));
  }
  for (const unsupported of [
    'username',
    'primary_email_address_id',
    'primary_phone_number_id',
    'primary_web3_wallet_id',
    'profile_image_id',
    'public_metadata',
    'private_metadata',
  ]) {
    if (form.has(unsupported))
      errors.add(
        paramError(
          'form_param_unknown',
          unsupported,
          `${unsupported} cannot be changed through the emulator's Frontend API`,
        ),
      );
  }
  errors.throwIfAny();
  return patch;
}

export function meRoutes(): FapiRoute[] {
  return [
    { method: 'GET', path: '/me', handler: (ctx) => envelope(toFapiUserJson(currentUser(ctx).user, ctx.view)) },
    {
      method: 'PATCH',
      path: '/me',
      handler: async (ctx) => {
        const patch = readProfilePatch(ctx);
        const { user } = currentUser(ctx);
        const updated = await callStore(() => ctx.deps.users.update(user.id, patch));
        return envelope(toFapiUserJson(updated, ctx.view));
      },
    },
    {
      method: 'POST',
      path: '/me/change_password',
      handler: async (ctx) => {
        const errors = new FieldErrors();
        const { form } = ctx.request;
        const current = form.text('current_password', { max: 1024 }, errors);
        const next = form.text('new_password', { max: 1024, required: true }, errors);
        const signOutOthers = form.text('sign_out_of_other_sessions', { max: 5 }, errors) === 'true';
        errors.throwIfAny();
        const { session, user } = currentUser(ctx);
        if (user.passwordEnabled && !(current && (await ctx.deps.users.verifyPassword(user.id, current)))) {
          throw formError(
            'form_password_incorrect',
            'Password is incorrect. Try again, or use another method.',
            'current_password',
          );
        }
        const problem = passwordProblem(next!);
        if (problem) throw problem;
        const updated = await callStore(() => ctx.deps.users.update(user.id, { password: next! }));
        if (signOutOthers) ctx.deps.sessions.endAllForUser(user.id, session.id);
        return envelope(toFapiUserJson(updated, ctx.view));
      },
    },
    {
      method: 'GET',
      path: '/me/sessions/active',
      handler: (ctx) => {
        const { user } = currentUser(ctx);
        const active = ctx.deps.sessions.listForUser(user.id).filter((s: EmulatedSession) => s.status === 'active');
        return raw(active.map((s) => toSessionActivityJson(s, user, ctx.view)));
      },
    },
    {
      // "Delete account" in the profile: the user, their sessions, and this client's session go.
      method: 'DELETE',
      path: '/me',
      handler: (ctx) => {
        const { user } = currentUser(ctx);
        // Memberships first: their webhooks embed the member's public data.
        ctx.deps.orgs.removeUser(user.id);
        ctx.deps.users.delete(user.id);
        ctx.deps.sessions.endAllForUser(user.id);
        ctx.commit(afterSessionsEnded(ctx, ctx.requireClient()));
        return envelope({ object: 'user', id: user.id, deleted: true });
      },
    },
  ];
}
