import { isClerkAPIResponseError } from '@clerk/shared/error';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClerkEmulator } from '../src/index.js';
import { bapi, clerkClientFor, clerkErrorOf, expectSdkUser, startSeeded } from './helpers.js';

describe('Backend API users, through the real @clerk/backend client', () => {
  let emulator: ClerkEmulator;
  let clerk: ReturnType<typeof clerkClientFor>;
  beforeAll(async () => {
    emulator = await startSeeded();
    clerk = clerkClientFor(emulator);
  });
  afterAll(() => emulator.close());

  it('users.getUser returns a User with the right fields', async () => {
    const user = await clerk.users.getUser('user_ada');
    expectSdkUser(user);
    expect(user.id).toBe('user_ada');
    expect(user.primaryEmailAddress?.emailAddress).toBe('ada@example.com');
    expect(user.primaryEmailAddress?.verification?.status).toBe('verified');
    expect(user.firstName).toBe('Ada');
    expect(user.lastName).toBe('Lovelace');
    expect(user.fullName).toBe('Ada Lovelace');
    // The emulator's own avatar: a profile view never reaches Clerk's CDN.
    expect(user.imageUrl).toBe(`${emulator.url}/img/avatar.svg`);
    expect(user.hasImage).toBe(false);
    expect(user.publicMetadata).toEqual({ plan: 'pro' });
    expect(user.passwordEnabled).toBe(true);
    expect(user.createdAt).toBeTypeOf('number');
    expect(emulator.stats.count('getUser')).toBeGreaterThanOrEqual(1);
  });

  it('answers JSON with Content-Type exactly application/json (the SDK parses nothing else)', async () => {
    for (const path of ['/v1/users/user_ada', '/v1/jwks', '/v1/users/user_nope', '/v1/nowhere']) {
      const response = await bapi(emulator, path);
      expect(response.headers.get('content-type'), path).toBe('application/json');
    }
  });

  it('unknown user → 404 Clerk-shaped, surfaced by the SDK as ClerkAPIResponseError', async () => {
    const error = await clerk.users.getUser('user_missing').catch((e: unknown) => e);
    expect(isClerkAPIResponseError(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, errors: [{ code: 'resource_not_found' }] });
    const body = await clerkErrorOf(await bapi(emulator, '/v1/users/user_missing'));
    expect(body.errors[0]).toMatchObject({ code: 'resource_not_found', meta: {} });
    expect(body.clerk_trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('users.getUserList filters by email address (case-insensitive) and reports totalCount', async () => {
    const { data, totalCount } = await clerk.users.getUserList({
      emailAddress: ['ADA@example.com', 'nobody@example.com'],
    });
    expect(data.map((u) => u.id)).toEqual(['user_ada']);
    expectSdkUser(data[0]);
    expect(totalCount).toBe(1);
    const both = await clerk.users.getUserList({ emailAddress: ['ada@example.com', 'grace@example.com'] });
    expect(both.data.map((u) => u.id).sort()).toEqual(['user_ada', 'user_grace']);
    expect(both.totalCount).toBe(2);
  });

  it('getUserList supports user_id, limit, offset and order_by', async () => {
    const byId = await clerk.users.getUserList({ userId: ['user_grace'] });
    expect(byId.data.map((u) => u.id)).toEqual(['user_grace']);
    const asc = await clerk.users.getUserList({ orderBy: '+created_at', limit: 1 });
    expect(asc.data.map((u) => u.id)).toEqual(['user_ada']);
    const second = await clerk.users.getUserList({ orderBy: '+created_at', limit: 1, offset: 1 });
    expect(second.data.map((u) => u.id)).toEqual(['user_grace']);
    expect(second.totalCount).toBe(2);
    const bad = await bapi(emulator, '/v1/users?limit=0');
    expect(bad.status).toBe(422);
    expect((await clerkErrorOf(bad)).errors[0]).toMatchObject({
      code: 'form_param_format_invalid',
      meta: { param_name: 'limit' },
    });
  });

  it('users.updateUser changes names; getUser reflects it and updated_at moves', async () => {
    const created = await emulator.users.create({
      email: 'update-me@example.com',
      password: 'long-enough-pw',
      firstName: 'Old',
    });
    const updated = await clerk.users.updateUser(created.id, { firstName: 'New', lastName: 'Name' });
    expect(updated.firstName).toBe('New');
    expect(updated.updatedAt).toBeGreaterThan(created.updatedAt);
    const fetched = await clerk.users.getUser(created.id);
    expect(fetched.fullName).toBe('New Name');
    expect(emulator.users.get(created.id)?.lastName).toBe('Name');
  });

  it('updateUser with metadata goes through PUT /metadata (replace); updateUserMetadata deep-merges', async () => {
    const created = await emulator.users.create({
      email: 'meta@example.com',
      publicMetadata: { a: { x: 1, y: 2 }, keep: true },
    });
    await clerk.users.updateUserMetadata(created.id, {
      publicMetadata: { a: { y: null, z: 3 } },
      privateMetadata: { secret: 's' },
    });
    expect(emulator.users.get(created.id)?.publicMetadata).toEqual({ a: { x: 1, z: 3 }, keep: true });
    expect(emulator.users.get(created.id)?.privateMetadata).toEqual({ secret: 's' });
    await clerk.users.replaceUserMetadata(created.id, { publicMetadata: { only: 1 } });
    expect(emulator.users.get(created.id)?.publicMetadata).toEqual({ only: 1 });
    expect(emulator.users.get(created.id)?.privateMetadata).toEqual({ secret: 's' });
    const viaUpdate = await clerk.users.updateUser(created.id, {
      firstName: 'Meta',
      publicMetadata: { role: 'editor' },
    });
    expect(viaUpdate.firstName).toBe('Meta');
    expect(viaUpdate.publicMetadata).toEqual({ role: 'editor' });
  });

  it('rejects bad PATCH fields with 422 naming each parameter, changing nothing', async () => {
    const before = emulator.users.get('user_grace');
    const response = await bapi(emulator, '/v1/users/user_grace', {
      method: 'PATCH',
      body: JSON.stringify({ first_name: 'x'.repeat(257), last_name: 42, public_metadata: [1], unknown_field: true }),
    });
    expect(response.status).toBe(422);
    const body = await clerkErrorOf(response);
    const params = body.errors.map((e) => e.meta['param_name']).sort();
    expect(params).toEqual(['first_name', 'last_name', 'public_metadata', 'unknown_field']);
    expect(body.errors.find((e) => e.meta['param_name'] === 'first_name')?.code).toBe('form_param_format_invalid');
    expect(emulator.users.get('user_grace')).toEqual(before);
    // The SDK surfaces the same as ClerkAPIResponseError.
    const sdkError = await clerk.users
      .updateUser('user_grace', { firstName: 'y'.repeat(300) })
      .catch((e: unknown) => e);
    expect(sdkError).toMatchObject({
      status: 422,
      errors: [{ code: 'form_param_format_invalid', meta: { paramName: 'first_name' } }],
    });
  });

  it('accepts null to clear a name and 256-char names', async () => {
    const created = await emulator.users.create({ email: 'clear@example.com', firstName: 'A', lastName: 'B' });
    const response = await bapi(emulator, `/v1/users/${created.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ first_name: null, last_name: 'z'.repeat(256) }),
    });
    expect(response.status).toBe(200);
    const user = emulator.users.get(created.id);
    expect(user?.firstName).toBeNull();
    expect(user?.lastName).toHaveLength(256);
  });

  it('PATCH of an unknown user → 404', async () => {
    const response = await bapi(emulator, '/v1/users/user_missing', {
      method: 'PATCH',
      body: JSON.stringify({ first_name: 'A' }),
    });
    expect(response.status).toBe(404);
    expect((await clerkErrorOf(response)).errors[0]?.code).toBe('resource_not_found');
  });

  it('the store hashes passwords and verifies them', async () => {
    expect(await emulator.users.verifyPassword('user_ada', 'correct-horse-battery')).toBe(true);
    expect(await emulator.users.verifyPassword('user_ada', 'wrong-password')).toBe(false);
    expect(await emulator.users.verifyPassword('user_nobody', 'correct-horse-battery')).toBe(false);
    expect(JSON.stringify(emulator.users.get('user_ada'))).not.toContain('correct-horse-battery');
    await clerk.users.updateUser('user_grace', { password: 'a-brand-new-password' });
    expect(await emulator.users.verifyPassword('user_grace', 'a-brand-new-password')).toBe(true);
    expect(await emulator.users.verifyPassword('user_grace', 'another-long-pass')).toBe(false);
  });

  it('store snapshots are detached from the store', async () => {
    const user = emulator.users.get('user_ada')!;
    expect(Object.isFrozen(user)).toBe(true);
    (user.publicMetadata as Record<string, unknown>)['plan'] = 'hacked';
    expect(emulator.users.get('user_ada')?.publicMetadata).toEqual({ plan: 'pro' });
    await expect(emulator.users.create({ email: 'ADA@example.com' })).rejects.toMatchObject({
      code: 'identifier_exists',
    });
    await expect(emulator.users.create({ email: 'not-an-email' })).rejects.toMatchObject({
      code: 'invalid',
      param: 'email',
    });
  });
});

describe('Backend API authentication', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    emulator = await startSeeded();
  });
  afterAll(() => emulator.close());

  it('401 Clerk-shaped without a bearer token, with a wrong secret and with another scheme', async () => {
    for (const auth of [null, 'Bearer sk_live_wrong', `Basic ${emulator.secretKey}`, 'Bearer']) {
      const response = await bapi(emulator, '/v1/users/user_ada', { auth });
      expect(response.status, String(auth)).toBe(401);
      const body = await clerkErrorOf(response);
      expect(['authentication_invalid', 'authorization_header_format_invalid']).toContain(body.errors[0]?.code);
    }
    const jwks = await bapi(emulator, '/v1/jwks', { auth: null });
    expect(jwks.status).toBe(401);
  });

  it('the SDK with a wrong secret key gets a 401 ClerkAPIResponseError', async () => {
    const error = await clerkClientFor(emulator, 'sk_live_not_the_key')
      .users.getUser('user_ada')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, errors: [{ code: 'authentication_invalid' }] });
  });
});
