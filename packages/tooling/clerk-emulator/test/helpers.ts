import { createClerkClient } from '@clerk/backend';
import { expect } from 'vitest';

import {
  type ClerkEmulator,
  type ClerkEmulatorOptions,
  DEFAULT_ROLES,
  type EmulatorSeed,
  startClerkEmulator,
} from '../src/index.js';
import { APP_ORIGIN } from './fapi/fapi-client.js';

/** A seeded person: `user_<handle>`, `<handle>@example.com`. */
function person(handle: string, password: string, firstName: string, lastName: string) {
  return { id: `user_${handle}`, email: `${handle}@example.com`, password, firstName, lastName };
}
const ada = person('ada', 'correct-horse-battery', 'Ada', 'Lovelace');
const grace = person('grace', 'another-long-pass', 'Grace', 'Hopper');

/** The basic instance: Ada (public metadata, an organization in the seed's single-organization shape) and Grace. */
export const SEED: EmulatorSeed = {
  users: [
    {
      ...ada,
      publicMetadata: { plan: 'pro' },
      organization: {
        id: 'org_acme',
        slug: 'acme',
        role: 'admin',
        permissions: ['org:reports:read', 'org:reports:manage'],
      },
    },
    grace,
  ],
};

/**
 * An instance with organizations, as an app would configure it: Clerk's default roles with one
 * custom feature (`reports`) granted on top: read to members, read and manage to admins.
 */
export const ORG_SEED = {
  roles: DEFAULT_ROLES.map((role) => ({
    ...role,
    name: role.name ?? role.key,
    permissions: role.key === 'org:admin' ? ['org:reports:read', 'org:reports:manage'] : ['org:reports:read'],
  })),
  organizations: [
    { id: 'org_acme', name: 'Acme Inc', slug: 'acme', createdBy: 'user_ada' },
    { id: 'org_globex', name: 'Globex', slug: 'globex', createdBy: 'user_grace' },
  ],
  users: [
    { ...ada, memberships: [{ organization: 'org_acme', role: 'org:admin' }] },
    {
      ...grace,
      memberships: [
        { organization: 'org_acme', role: 'org:member' },
        { organization: 'org_globex', role: 'org:admin' },
      ],
    },
    person('alan', 'halting-problem-42', 'Alan', 'Turing'),
  ],
} satisfies EmulatorSeed;

/** The seeded emulator, configured like `pnpm dev`: the web app's origin may drive its Frontend API. */
export function startSeeded(options: ClerkEmulatorOptions = {}): Promise<ClerkEmulator> {
  return startClerkEmulator({ seed: SEED, allowedOrigins: [APP_ORIGIN], ...options });
}

export function clerkClientFor(emulator: ClerkEmulator, secretKey = emulator.secretKey) {
  return createClerkClient({
    secretKey,
    publishableKey: emulator.publishableKey,
    apiUrl: emulator.url,
    telemetry: { disabled: true },
  });
}

/**
 * @clerk/backend does not export the `User` class, so check that the SDK deserialized the payload
 * into it (a plain object would have no `fullName` getter and no `raw`).
 */
export function expectSdkUser(user: unknown): void {
  expect(user).toBeTypeOf('object');
  expect((user as object).constructor.name).toMatch(/User$/);
  expect(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(user), 'fullName')?.get).toBeTypeOf('function');
  expect((user as { raw: unknown }).raw).toMatchObject({ object: 'user' });
}

/** Raw Backend API call, for what the SDK cannot send (bad bodies, wrong methods, no auth). */
export function bapi(
  emulator: ClerkEmulator,
  path: string,
  init: RequestInit & { auth?: string | null } = {},
): Promise<Response> {
  const { auth, headers, ...rest } = init;
  const authorization = auth === undefined ? `Bearer ${emulator.secretKey}` : auth;
  return fetch(emulator.url + path, {
    ...rest,
    headers: {
      ...(authorization === null ? {} : { authorization }),
      'content-type': 'application/json',
      ...(headers as Record<string, string> | undefined),
    },
  });
}

export interface ClerkErrorBody {
  errors: Array<{ code: string; message: string; long_message: string; meta: Record<string, unknown> }>;
  clerk_trace_id?: string;
}

/** Asserts the Clerk error envelope and returns it. */
export async function clerkErrorOf(response: Response): Promise<ClerkErrorBody> {
  if (response.headers.get('content-type') !== 'application/json')
    throw new Error(`content-type was ${response.headers.get('content-type')}`);
  const body = (await response.json()) as ClerkErrorBody;
  if (!Array.isArray(body.errors) || body.errors.length === 0)
    throw new Error(`not a Clerk error body: ${JSON.stringify(body)}`);
  for (const e of body.errors) {
    if (
      typeof e.code !== 'string' ||
      typeof e.message !== 'string' ||
      typeof e.long_message !== 'string' ||
      typeof e.meta !== 'object'
    ) {
      throw new Error(`malformed error item: ${JSON.stringify(e)}`);
    }
  }
  return body;
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h!, 'base64url').toString('utf8')) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}
