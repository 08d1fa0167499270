import { FieldErrors } from '../../http/field-errors.js';
import type { EmulatedClient, SignInAttempt } from '../../store/client-types.js';
import { newId } from '../../util/ids.js';
import type { FapiContext } from '../context.js';
import { fapiErrors } from '../errors.js';
import { envelope, type FapiRoute } from '../route.js';
import { toSignInJson } from '../serialize/sign-in-json.js';
import { assertSignedOut, startSession } from '../sign-in-user.js';
import { checkEmailCode, newCodeVerification } from '../verification-code.js';

const ABANDON_AFTER_MS = 24 * 3600 * 1000;
const IDENTIFIER_MAX = 320;
const SECRET_MAX = 1024;

function requireSignIn(ctx: FapiContext): { client: EmulatedClient; attempt: SignInAttempt } {
  const client = ctx.requireClient();
  const attempt = client.signIn;
  if (!attempt || attempt.id !== ctx.request.params['signInId'] || attempt.abandonAt <= Date.now())
    throw fapiErrors.notFound('sign_in');
  return { client, attempt };
}

/** A locked account refuses every sign-in, the right password included, until the lock expires. */
function assertNotLocked(ctx: FapiContext, userId: string): void {
  const seconds = ctx.deps.lockout.lockedForSeconds(userId);
  if (seconds !== undefined) throw fapiErrors.userLocked(seconds);
}

/** Counts a failed verification; the one that reaches the limit already answers `user_locked`. */
function failedAttempt(ctx: FapiContext, userId: string, error: Error): Error {
  const lockedFor = ctx.deps.lockout.recordFailure(userId);
  return lockedFor === undefined ? error : fapiErrors.userLocked(lockedFor);
}

/** Password check; on success the sign-in completes with a new session, committed last. */
async function completeWithPassword(
  ctx: FapiContext,
  client: EmulatedClient,
  attempt: SignInAttempt,
  password: string,
) {
  const userId = attempt.userId;
  if (!userId) throw fapiErrors.passwordIncorrect();
  assertNotLocked(ctx, userId);
  const correct = await ctx.deps.users.verifyPassword(userId, password);
  // Re-checked after the (slow) hash: concurrent wrong guesses may have locked it meanwhile.
  assertNotLocked(ctx, userId);
  if (!correct) throw failedAttempt(ctx, userId, fapiErrors.passwordIncorrect());
  return complete(ctx, client, {
    ...attempt,
    firstFactor: { strategy: 'password', status: 'verified', attempts: 1, expireAt: null },
  });
}

function complete(ctx: FapiContext, client: EmulatedClient, attempt: SignInAttempt) {
  assertSignedOut(ctx);
  if (!attempt.userId || !ctx.deps.users.get(attempt.userId)) throw fapiErrors.identifierNotFound();
  assertNotLocked(ctx, attempt.userId);
  ctx.deps.lockout.recordSuccess(attempt.userId);
  const started = startSession(ctx, client, attempt.userId);
  const signIn: SignInAttempt = { ...attempt, status: 'complete', createdSessionId: started.session.id };
  const saved = ctx.commit({ ...started.client, signIn });
  return envelope(toSignInJson(saved.signIn!, ctx.view));
}

export function signInRoutes(): FapiRoute[] {
  return [
    {
      method: 'POST',
      path: '/client/sign_ins',
      handler: async (ctx) => {
        const errors = new FieldErrors();
        const { form } = ctx.request;
        const identifier = form.text('identifier', { max: IDENTIFIER_MAX }, errors);
        const strategy = form.text('strategy', { max: 64 }, errors);
        const password = form.text('password', { max: SECRET_MAX }, errors);
        errors.throwIfAny();
        if (strategy && strategy !== 'password') throw fapiErrors.strategyNotSupported('strategy', strategy);
        assertSignedOut(ctx);
        const user = identifier ? ctx.deps.users.findByEmail(identifier.trim()) : undefined;
        if (identifier && !user) throw fapiErrors.identifierNotFound();
        const client = ctx.clientOrDraft();
        const now = Date.now();
        const attempt: SignInAttempt = {
          id: newId('sia'),
          status: user ? 'needs_first_factor' : 'needs_identifier',
          identifier: identifier?.trim() || null,
          userId: user?.id ?? null,
          firstFactor: null,
          createdSessionId: null,
          createdAt: now,
          abandonAt: now + ABANDON_AFTER_MS,
        };
        if (user && password !== undefined && password !== '')
          return completeWithPassword(ctx, client, attempt, password);
        const saved = ctx.commit({ ...client, signIn: attempt });
        return envelope(toSignInJson(saved.signIn!, ctx.view));
      },
    },
    {
      method: 'GET',
      path: '/client/sign_ins/:signInId',
      handler: (ctx) => envelope(toSignInJson(requireSignIn(ctx).attempt, ctx.view)),
    },
    {
      method: 'POST',
      path: '/client/sign_ins/:signInId/prepare_first_factor',
      handler: (ctx) => {
        const errors = new FieldErrors();
        const strategy = ctx.request.form.text('strategy', { max: 64, required: true }, errors);
        errors.throwIfAny();
        const { client, attempt } = requireSignIn(ctx);
        if (attempt.status !== 'needs_first_factor' || !attempt.userId) throw fapiErrors.notFound('sign_in');
        if (strategy === 'password') return envelope(toSignInJson(attempt, ctx.view));
        if (strategy !== 'email_code') throw fapiErrors.strategyNotSupported('strategy', strategy!);
        const user = ctx.deps.users.get(attempt.userId);
        if (!user) throw fapiErrors.identifierNotFound();
        const saved = ctx.commit({ ...client, signIn: { ...attempt, firstFactor: newCodeVerification() } });
        ctx.deps.onVerificationCode(user.email, ctx.deps.config.verificationCode);
        return envelope(toSignInJson(saved.signIn!, ctx.view));
      },
    },
    {
      method: 'POST',
      path: '/client/sign_ins/:signInId/attempt_first_factor',
      handler: async (ctx) => {
        const errors = new FieldErrors();
        const { form } = ctx.request;
        const strategy = form.text('strategy', { max: 64, required: true }, errors);
        const password =
          strategy === 'password' ? form.text('password', { max: SECRET_MAX, required: true }, errors) : undefined;
        const code = strategy === 'email_code' ? form.text('code', { max: 32, required: true }, errors) : undefined;
        errors.throwIfAny();
        const { client, attempt } = requireSignIn(ctx);
        if (attempt.status !== 'needs_first_factor') throw fapiErrors.notFound('sign_in');
        if (strategy === 'password') return completeWithPassword(ctx, client, attempt, password!);
        if (strategy !== 'email_code') throw fapiErrors.strategyNotSupported('strategy', strategy!);
        if (attempt.userId) assertNotLocked(ctx, attempt.userId);
        const checked = checkEmailCode(attempt.firstFactor, code!, ctx.deps.config.verificationCode);
        if (!checked.ok) {
          // The failed attempt is recorded (attempt counting), then reported.
          if (checked.verification)
            ctx.commit({ ...client, signIn: { ...attempt, firstFactor: checked.verification } });
          // Only a wrong code counts (an expired verification is not a guess).
          throw attempt.userId && checked.verification
            ? failedAttempt(ctx, attempt.userId, checked.error)
            : checked.error;
        }
        return complete(ctx, client, { ...attempt, firstFactor: checked.verification });
      },
    },
  ];
}
