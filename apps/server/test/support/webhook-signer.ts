import { createHmac, randomBytes } from 'node:crypto';

import type { ClerkEmulator } from '@stack/clerk-emulator';
import { ROUTE_NAMES } from '@stack/clerk-emulator';

import { type RawResponse, request } from './http.js';

/** A Svix-format signing secret: `whsec_` and a base64 key. */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** Svix's `v1,` signature: base64 HMAC-SHA256, keyed by the secret's decoded key, over `id.timestamp.body`. */
export function svixSignature(secret: string, id: string, timestamp: number, body: string | Buffer): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), Buffer.from(body)]);
  return `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

let sent = 0;
export const newMessageId = () => `msg_test_${++sent}_${randomBytes(4).toString('hex')}`;

/** Clerk's envelope around `data`. */
export function clerkEvent(type: string, data: Record<string, unknown>): string {
  return JSON.stringify({
    type,
    object: 'event',
    data,
    timestamp: Date.now(),
    instance_id: 'ins_test',
    event_attributes: { http_request: { client_ip: '127.0.0.1', user_agent: 'test' } },
  });
}

export function userJson(id: string, updatedAt: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    object: 'user',
    id,
    first_name: 'Webhook',
    last_name: 'User',
    username: null,
    image_url: `https://img.example/${id}.png`,
    primary_email_address_id: `idn_${id}`,
    email_addresses: [{ object: 'email_address', id: `idn_${id}`, email_address: `${id}@example.com`, linked_to: [] }],
    created_at: 1_000,
    updated_at: updatedAt,
    ...fields,
  };
}

/** Posts `body` to the webhook route, signed unless told otherwise. */
export function postWebhook(
  url: string,
  secret: string,
  body: string | Buffer,
  options: { id?: string; timestamp?: number; signature?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const id = options.id ?? newMessageId();
  const timestamp = options.timestamp ?? nowSeconds();
  return request(`${url}/webhooks/clerk`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(timestamp),
      'svix-signature': options.signature ?? svixSignature(secret, id, timestamp, body),
      ...options.headers,
    },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
}

/** Backend API calls the emulator has answered (JWKS fetches excluded: they are not user data). */
export const bapiCalls = (emulator: ClerkEmulator) =>
  ROUTE_NAMES.filter((r) => r !== 'jwks').reduce((sum, r) => sum + emulator.stats.count(r), 0);

export function organizationJson(
  id: string,
  updatedAt: number,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    object: 'organization',
    id,
    name: `Org ${id}`,
    slug: id,
    image_url: null,
    created_at: 1_000,
    updated_at: updatedAt,
    ...fields,
  };
}

/** Clerk's OrganizationMembershipJSON (sent whole on `.deleted` too). */
export function membershipJson(
  id: string,
  orgId: string,
  userId: string,
  role: string,
  updatedAt: number,
): Record<string, unknown> {
  return {
    object: 'organization_membership',
    id,
    role,
    permissions: [],
    organization: organizationJson(orgId, 1_000),
    public_user_data: { user_id: userId, identifier: `${userId}@example.com` },
    created_at: 1_000,
    updated_at: updatedAt,
  };
}

/** Clerk's SessionWebhookEventJSON: the session, and its user (null once deleted). */
export function sessionJson(id: string, userId: string, status: string): Record<string, unknown> {
  const now = Date.now();
  return {
    object: 'session',
    id,
    client_id: 'client_test',
    user_id: userId,
    status,
    last_active_at: now,
    expire_at: now + 86_400_000,
    abandon_at: now + 86_400_000,
    created_at: now - 1_000,
    updated_at: now,
    user: null,
  };
}
