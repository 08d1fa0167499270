import { z } from 'zod';

import { paramError } from '../../http/clerk-error.js';
import { FieldErrors } from '../../http/field-errors.js';
import { NAME_MAX_LENGTH } from '../../seed/seed-schema.js';
import type { EmulatedClient, SignUpAttempt } from '../../store/client-types.js';
import { hashPassword } from '../../store/password-hash.js';
import { UserStoreError } from '../../store/user-types.js';
import { newId } from '../../util/ids.js';
import { isPlainObject, type JsonObject } from '../../util/json.js';
import type { FapiContext } from '../context.js';
import { fapiErrors } from '../errors.js';
import { envelope, type FapiRoute } from '../route.js';
import { emailVerified, missingFields, toSignUpJson } from '../serialize/sign-up-json.js';
import { assertSignedOut, startSession } from '../sign-in-user.js';
import { passwordProblem } from '../validation/password-rules.js';
import { checkEmailCode, newCodeVerification } from '../verification-code.js';

const ABANDON_AFTER_MS = 24 * 3600 * 1000;
const emailSchema = z.email().max(320);

interface SignUpFields {
  emailAddress?: string;
  password?: string;
  firstName?: string | null;
  lastName?: string | null;
  unsafeMetadata?: JsonObject;
}

/** Reads and validates the sign-up form; all problems in one 422. */
function readFields(ctx: FapiContext): SignUpFields {
  const errors = new FieldErrors();
  const { form } = ctx.request;
  const fields: SignUpFields = {};
  const email = form.text('email_address', { max: 320 }, errors)?.trim();
  if (email) {
    if (emailSchema.safeParse(email).success) fields.emailAddress = email;
    else
      errors.add(
        paramError('form_param_format_invalid', 'email_address', 'email_address must be a valid email address.'),
      );
  }
  const password = form.text('password', { max: 1024 }, errors);
  if (password) {
    const problem = passwordProblem(password);
    if (problem) problem.errors.forEach((item) => errors.add(item));
    else fields.password = password;
  }
  for (const [key, param] of [
    ['firstName', 'first_name'],
    ['lastName', 'last_name'],
  ] as const) {
    const value = form.text(param, { max: NAME_MAX_LENGTH }, errors);
    if (value !== undefined) fields[key] = value.trim() === '' ? null : value.trim();
  }
  const metadata = form.text('unsafe_metadata', { max: 8 * 1024 }, errors);
  if (metadata) fields.unsafeMetadata = parseMetadata(metadata, errors);
  for (const unsupported of ['phone_number', 'username', 'web3_wallet', 'ticket', 'transfer']) {
    if (form.has(unsupported))
      errors.add(paramError('form_param_unknown', unsupported, `${unsupported} is not enabled on this instance`));
  }
  errors.throwIfAny();
  return fields;
}

function parseMetadata(text: string, errors: FieldErrors): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (isPlainObject(value)) return value;
  } catch {
    // reported below
  }
  errors.add(paramError('form_param_format_invalid', 'unsafe_metadata', 'unsafe_metadata must be a JSON object'));
  return undefined;
}

/** Applies validated fields; a new email address needs a new verification. Hashing happens here, before any commit. */
async function applyFields(ctx: FapiContext, attempt: SignUpAttempt, fields: SignUpFields): Promise<SignUpAttempt> {
  if (fields.emailAddress && ctx.deps.users.findByEmail(fields.emailAddress))
    throw fapiErrors.identifierExists('email_address');
  const emailChanged =
    fields.emailAddress !== undefined && fields.emailAddress.toLowerCase() !== attempt.emailAddress?.toLowerCase();
  return {
    ...attempt,
    ...(fields.emailAddress === undefined ? {} : { emailAddress: fields.emailAddress }),
    ...(emailChanged ? { emailVerification: null } : {}),
    ...(fields.password === undefined ? {} : { passwordHash: await hashPassword(fields.password) }),
    ...(fields.firstName === undefined ? {} : { firstName: fields.firstName }),
    ...(fields.lastName === undefined ? {} : { lastName: fields.lastName }),
    ...(fields.unsafeMetadata === undefined ? {} : { unsafeMetadata: fields.unsafeMetadata }),
  };
}

/**
 * Saves the sign-up; once every requirement is met (email + password, email verified) it creates
 * the user and a session. The user is created first: if that fails (e.g. the address was taken
 * meanwhile) nothing else changes.
 */
async function saveOrComplete(ctx: FapiContext, client: EmulatedClient, attempt: SignUpAttempt) {
  if (missingFields(attempt).length > 0 || !emailVerified(attempt)) {
    const saved = ctx.commit({ ...client, signUp: attempt });
    return envelope(toSignUpJson(saved.signUp!));
  }
  assertSignedOut(ctx);
  let userId: string;
  try {
    const user = await ctx.deps.users.create(
      {
        email: attempt.emailAddress!,
        firstName: attempt.firstName,
        lastName: attempt.lastName,
        unsafeMetadata: attempt.unsafeMetadata,
      },
      { passwordHash: attempt.passwordHash! },
    );
    userId = user.id;
  } catch (error) {
    if (error instanceof UserStoreError && error.code === 'identifier_exists')
      throw fapiErrors.identifierExists('email_address');
    throw error;
  }
  const started = startSession(ctx, client, userId);
  const signUp: SignUpAttempt = {
    ...attempt,
    status: 'complete',
    createdUserId: userId,
    createdSessionId: started.session.id,
  };
  const saved = ctx.commit({ ...started.client, signUp });
  return envelope(toSignUpJson(saved.signUp!));
}

function requireSignUp(ctx: FapiContext): { client: EmulatedClient; attempt: SignUpAttempt } {
  const client = ctx.requireClient();
  const attempt = client.signUp;
  if (!attempt || attempt.id !== ctx.request.params['signUpId'] || attempt.abandonAt <= Date.now())
    throw fapiErrors.notFound('sign_up');
  return { client, attempt };
}

function requireOpen(attempt: SignUpAttempt): void {
  if (attempt.status === 'complete') throw fapiErrors.notFound('sign_up');
}

function requireEmailStrategy(ctx: FapiContext): void {
  const errors = new FieldErrors();
  const strategy = ctx.request.form.text('strategy', { max: 64, required: true }, errors);
  errors.throwIfAny();
  if (strategy !== 'email_code') throw fapiErrors.strategyNotSupported('strategy', strategy!);
}

export function signUpRoutes(): FapiRoute[] {
  return [
    {
      method: 'POST',
      path: '/client/sign_ups',
      handler: async (ctx) => {
        const fields = readFields(ctx);
        assertSignedOut(ctx);
        const now = Date.now();
        const blank: SignUpAttempt = {
          id: newId('sua'),
          status: 'missing_requirements',
          emailAddress: null,
          passwordHash: null,
          firstName: null,
          lastName: null,
          unsafeMetadata: {},
          emailVerification: null,
          createdUserId: null,
          createdSessionId: null,
          createdAt: now,
          abandonAt: now + ABANDON_AFTER_MS,
        };
        const attempt = await applyFields(ctx, blank, fields);
        return saveOrComplete(ctx, ctx.clientOrDraft(), attempt);
      },
    },
    {
      method: 'GET',
      path: '/client/sign_ups/:signUpId',
      handler: (ctx) => envelope(toSignUpJson(requireSignUp(ctx).attempt)),
    },
    {
      method: 'PATCH',
      path: '/client/sign_ups/:signUpId',
      handler: async (ctx) => {
        const fields = readFields(ctx);
        const { client, attempt } = requireSignUp(ctx);
        requireOpen(attempt);
        return saveOrComplete(ctx, client, await applyFields(ctx, attempt, fields));
      },
    },
    {
      method: 'POST',
      path: '/client/sign_ups/:signUpId/prepare_verification',
      handler: (ctx) => {
        requireEmailStrategy(ctx);
        const { client, attempt } = requireSignUp(ctx);
        requireOpen(attempt);
        if (!attempt.emailAddress) throw fapiErrors.notFound('email_address');
        const saved = ctx.commit({ ...client, signUp: { ...attempt, emailVerification: newCodeVerification() } });
        ctx.deps.onVerificationCode(attempt.emailAddress, ctx.deps.config.verificationCode);
        return envelope(toSignUpJson(saved.signUp!));
      },
    },
    {
      method: 'POST',
      path: '/client/sign_ups/:signUpId/attempt_verification',
      handler: async (ctx) => {
        requireEmailStrategy(ctx);
        const errors = new FieldErrors();
        const code = ctx.request.form.text('code', { max: 32, required: true }, errors);
        errors.throwIfAny();
        const { client, attempt } = requireSignUp(ctx);
        requireOpen(attempt);
        const checked = checkEmailCode(attempt.emailVerification, code!, ctx.deps.config.verificationCode);
        if (!checked.ok) {
          if (checked.verification)
            ctx.commit({ ...client, signUp: { ...attempt, emailVerification: checked.verification } });
          throw checked.error;
        }
        return saveOrComplete(ctx, client, { ...attempt, emailVerification: checked.verification });
      },
    },
  ];
}
