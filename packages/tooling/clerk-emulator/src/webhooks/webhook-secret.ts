import { randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';
// Svix's secrets carry 24 random bytes; fewer would be a weak HMAC key.
const SECRET_BYTES = 24;

/** A new Svix-style signing secret: `whsec_` + base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The HMAC key: what follows `whsec_`, base64-decoded (as standardwebhooks does). */
export function webhookSecretKey(secret: string): Buffer {
  return Buffer.from(secret.slice(PREFIX.length), 'base64');
}

/** Throws a TypeError naming the rule a given secret breaks. */
export function checkWebhookSecret(secret: unknown, what = 'webhooks.secret'): string {
  if (
    typeof secret !== 'string' ||
    !secret.startsWith(PREFIX) ||
    !/^[A-Za-z0-9+/]+={0,2}$/.test(secret.slice(PREFIX.length)) ||
    webhookSecretKey(secret).length < SECRET_BYTES
  )
    throw new TypeError(`${what} must be 'whsec_' + base64 of at least ${SECRET_BYTES} bytes`);
  return secret;
}
