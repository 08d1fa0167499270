import type { SignInAttempt } from '../../store/client-types.js';
import type { FapiView } from '../view.js';
import { toVerificationJson } from './verification-json.js';

/** SignInJSON. The first factors offered are the user's: password (if set) and an emailed code. */
export function toSignInJson(attempt: SignInAttempt, view: FapiView): Record<string, unknown> {
  const user = attempt.userId ? view.users.get(attempt.userId) : undefined;
  const emailFactor = user
    ? { strategy: 'email_code', safe_identifier: user.email, email_address_id: user.emailAddressId, primary: true }
    : undefined;
  const factors = user ? [...(user.passwordEnabled ? [{ strategy: 'password' }] : []), emailFactor] : [];
  const firstFactor = attempt.firstFactor;
  return {
    object: 'sign_in',
    id: attempt.id,
    status: attempt.status,
    supported_identifiers: ['email_address'],
    identifier: attempt.identifier,
    supported_first_factors: factors,
    supported_second_factors: null,
    first_factor_verification: firstFactor
      ? toVerificationJson(
          firstFactor,
          firstFactor.strategy === 'email_code' && emailFactor ? { safe_identifier: emailFactor.safe_identifier } : {},
        )
      : null,
    second_factor_verification: null,
    user_data: user
      ? {
          first_name: user.firstName,
          last_name: user.lastName,
          image_url: view.imageUrl(user.imageUrl),
          has_image: false,
        }
      : null,
    created_session_id: attempt.createdSessionId,
    abandon_at: attempt.abandonAt,
    locale: null,
  };
}
