import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random alphanumeric string (Clerk ids are `<prefix>_` + 27 base62-ish chars). */
function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  // Rejection sampling keeps the distribution uniform (62 does not divide 256).
  for (let i = 0; i < bytes.length && out.length < length; i++) {
    const b = bytes[i]!;
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out.length === length ? out : out + randomAlphanumeric(length - out.length);
}

/** A Clerk-looking id such as `user_2abc…`. */
export function newId(
  prefix:
    'user' | 'sess' | 'client' | 'idn' | 'jti' | 'sia' | 'sua' | 'org' | 'orgmem' | 'orginv' | 'role' | 'perm' | 'msg',
): string {
  return `${prefix}_${randomAlphanumeric(27)}`;
}

/** Trace id echoed in error bodies, like Clerk's `clerk_trace_id`. */
export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}
