import type { ClerkApiError } from '../../http/clerk-error.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../seed/seed-schema.js';
import { fapiErrors } from '../errors.js';

// A stand-in for Clerk's breached-password check (HIBP): the most common leaked passwords of 8+ characters.
const BREACHED = new Set([
  'password',
  'password1',
  'password123',
  'passw0rd',
  '12345678',
  '123456789',
  '1234567890',
  '11111111',
  '00000000',
  '87654321',
  'qwertyui',
  'qwertyuiop',
  'qwerty123',
  '1q2w3e4r',
  '1qaz2wsx',
  'iloveyou',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'welcome1',
  'letmein1',
  'trustno1',
  'superman',
  'abc12345',
  'admin123',
  'starwars',
  'whatever',
]);

export const PASSWORD_RULES = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH } as const;

/** The error the prebuilt components show for a password Clerk would refuse, or undefined. */
export function passwordProblem(password: string): ClerkApiError | undefined {
  if (password.length < PASSWORD_RULES.min) return fapiErrors.passwordTooShort(PASSWORD_RULES.min);
  if (password.length > PASSWORD_RULES.max) return fapiErrors.passwordTooLong(PASSWORD_RULES.max);
  if (BREACHED.has(password.toLowerCase())) return fapiErrors.passwordPwned();
  return undefined;
}
