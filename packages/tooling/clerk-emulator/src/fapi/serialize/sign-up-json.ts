import type { SignUpAttempt } from '../../store/client-types.js';
import { toVerificationJson } from './verification-json.js';

const SIGN_UP_REQUIRED_FIELDS = ['email_address', 'password'] as const;

/** Required fields the sign-up still lacks. */
export function missingFields(attempt: SignUpAttempt): string[] {
  return SIGN_UP_REQUIRED_FIELDS.filter((field) =>
    field === 'email_address' ? !attempt.emailAddress : !attempt.passwordHash,
  );
}

export function emailVerified(attempt: SignUpAttempt): boolean {
  return attempt.emailVerification?.status === 'verified';
}

/** SignUpJSON: email + password required, email verified by code, names optional. */
export function toSignUpJson(attempt: SignUpAttempt): Record<string, unknown> {
  const verification = attempt.emailVerification;
  const emailJson = !attempt.emailAddress
    ? null
    : verification
      ? toVerificationJson(verification, {
          next_action: verification.status === 'verified' ? '' : 'needs_attempt',
          supported_strategies: ['email_code'],
        })
      : // Not prepared yet: no strategy, which is what makes the components call prepare_verification.
        {
          object: 'verification',
          status: 'unverified',
          strategy: null,
          attempts: null,
          expire_at: null,
          error: null,
          next_action: 'needs_prepare',
          supported_strategies: ['email_code'],
        };
  return {
    object: 'sign_up',
    id: attempt.id,
    status: attempt.status,
    required_fields: [...SIGN_UP_REQUIRED_FIELDS],
    optional_fields: ['first_name', 'last_name'],
    missing_fields: missingFields(attempt),
    unverified_fields: attempt.emailAddress && !emailVerified(attempt) ? ['email_address'] : [],
    verifications: { email_address: emailJson, phone_number: null, web3_wallet: null, external_account: null },
    username: null,
    email_address: attempt.emailAddress,
    phone_number: null,
    web3_wallet: null,
    external_account: null,
    has_password: attempt.passwordHash !== null,
    password_enabled: attempt.passwordHash !== null,
    first_name: attempt.firstName,
    last_name: attempt.lastName,
    unsafe_metadata: attempt.unsafeMetadata,
    public_metadata: {},
    custom_action: false,
    external_id: null,
    created_session_id: attempt.createdSessionId,
    created_user_id: attempt.createdUserId,
    abandon_at: attempt.abandonAt,
    legal_accepted_at: null,
    locale: null,
  };
}
