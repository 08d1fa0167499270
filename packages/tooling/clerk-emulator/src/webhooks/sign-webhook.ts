import { createHmac } from 'node:crypto';

import { webhookSecretKey } from './webhook-secret.js';

/**
 * Svix's signature: `v1,` + base64 HMAC-SHA256, keyed with the secret's decoded bytes, over
 * `<svix-id>.<svix-timestamp>.<body>`, where body is exactly the bytes sent.
 */
export function signWebhook(secret: string, messageId: string, timestampSeconds: number, body: Buffer): string {
  const mac = createHmac('sha256', webhookSecretKey(secret))
    .update(`${messageId}.${timestampSeconds}.`)
    .update(body)
    .digest('base64');
  return `v1,${mac}`;
}

/** The three headers of one delivery attempt (each attempt is signed with its own timestamp). */
export function svixHeaders(
  secret: string,
  messageId: string,
  body: Buffer,
  now = Date.now(),
): Record<'svix-id' | 'svix-timestamp' | 'svix-signature', string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'svix-id': messageId,
    'svix-timestamp': String(timestamp),
    'svix-signature': signWebhook(secret, messageId, timestamp, body),
  };
}
