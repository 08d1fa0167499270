import { ClerkApiError, clerkError, type ClerkErrorItem, errorItem } from '../http/clerk-error.js';

/** Frontend API errors with the codes and wording clerk-js and the prebuilt components know. */
export const fapiErrors = {
  identifierNotFound: () => formError('form_identifier_not_found', "Couldn't find your account.", 'identifier'),
  passwordIncorrect: () =>
    formError('form_password_incorrect', 'Password is incorrect. Try again, or use another method.', 'password'),
  identifierExists: (param: string) =>
    formError('form_identifier_exists', 'That email address is taken. Please try another.', param),
  passwordPwned: () =>
    formError(
      'form_password_pwned',
      'Password has been found in an online data breach. For account safety, please use a different password.',
      'password',
    ),
  passwordTooShort: (min: number) =>
    formError('form_password_length_too_short', `Passwords must be ${min} characters or more.`, 'password'),
  passwordTooLong: (max: number) =>
    formError('form_password_length_too_long', `Passwords must be less than ${max + 1} characters.`, 'password'),
  codeIncorrect: () => formError('form_code_incorrect', 'Incorrect code', 'code'),
  verificationExpired: () =>
    new ClerkApiError(422, [
      errorItem('verification_expired', 'Expired', 'This verification has expired. Request a new code.', {}),
    ]),
  verificationFailed: () =>
    new ClerkApiError(422, [
      errorItem('verification_failed', 'Too many failed attempts', 'Too many failed attempts. Request a new code.', {}),
    ]),
  // Clerk's user lockout answer; the prebuilt <SignIn/> recognises the code.
  userLocked: (seconds: number) =>
    clerkError(
      403,
      'user_locked',
      'Account locked',
      `Your account is locked. You will be able to try again in ${Math.ceil(seconds / 60)} minutes.`,
      { lockout_expires_in_seconds: seconds },
    ),
  sessionExists: () => clerkError(400, 'session_exists', "You're already signed in.", "You're already signed in."),
  signedOut: () => clerkError(401, 'signed_out', 'Signed out', 'You are signed out.'),
  notFound: (what: string) => clerkError(404, 'resource_not_found', 'Resource not found', `${what} not found.`),
  strategyNotSupported: (param: string, strategy: string) =>
    new ClerkApiError(422, [
      errorItem(
        'strategy_for_user_invalid',
        'Invalid verification strategy',
        `The strategy ${JSON.stringify(strategy)} is not supported by this emulator.`,
        { param_name: param },
      ),
    ]),
  // What a production Clerk instance answers a request from an origin it does not serve.
  originInvalid: () =>
    clerkError(
      400,
      'origin_invalid',
      'Invalid HTTP Origin header',
      'The request HTTP Origin header must be the application origin or one of its allowed origins.',
    ),
  redirectNotAllowed: () =>
    new ClerkApiError(400, [
      errorItem(
        'invalid_url_scheme',
        'Invalid redirect URL',
        'redirect_url must be an http(s) URL on an allowed origin of this application.',
        { param_name: 'redirect_url' },
      ),
    ]),
};

export function formError(code: string, longMessage: string, param: string): ClerkApiError {
  return new ClerkApiError(422, [formErrorItem(code, longMessage, param)]);
}

function formErrorItem(code: string, longMessage: string, param: string): ClerkErrorItem {
  return errorItem(code, longMessage, longMessage, { param_name: param });
}
