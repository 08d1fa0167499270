import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClerkEmulator } from '../src/index.js';
import { FapiClient, storeSnapshot } from './fapi/fapi-client.js';
import { startSeeded } from './helpers.js';

describe('Frontend API: sign-up with the development verification code', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    emulator = await startSeeded();
  });
  afterAll(() => emulator?.close());

  it('create → missing_requirements with the email unverified; prepare → code; attempt → user + session', async () => {
    const fapi = new FapiClient(emulator);
    const created = await fapi.post('/v1/client/sign_ups', {
      email_address: 'lin@example.com',
      password: 'a-long-enough-passphrase',
      first_name: ' Lin ',
    });
    expect(created.status).toBe(200);
    expect(created.body.response).toMatchObject({
      status: 'missing_requirements',
      email_address: 'lin@example.com',
      first_name: 'Lin',
      has_password: true,
      missing_fields: [],
      unverified_fields: ['email_address'],
      verifications: { email_address: { status: 'unverified', strategy: null, next_action: 'needs_prepare' } },
    });
    expect(emulator.users.findByEmail('lin@example.com')).toBeUndefined();
    const id = created.body.response.id;
    const prepared = await fapi.post(`/v1/client/sign_ups/${id}/prepare_verification`, { strategy: 'email_code' });
    expect(prepared.body.response.verifications.email_address).toMatchObject({
      status: 'unverified',
      strategy: 'email_code',
      attempts: 0,
    });
    const done = await fapi.post(`/v1/client/sign_ups/${id}/attempt_verification`, {
      strategy: 'email_code',
      code: emulator.verificationCode,
    });
    expect(done.body.response).toMatchObject({
      status: 'complete',
      unverified_fields: [],
      created_user_id: expect.stringMatching(/^user_/),
    });
    const user = emulator.users.findByEmail('lin@example.com')!;
    expect(user).toMatchObject({ firstName: 'Lin', passwordEnabled: true });
    expect(done.body.client.sessions[0].user.id).toBe(user.id);
    expect(await emulator.users.verifyPassword(user.id, 'a-long-enough-passphrase')).toBe(true);
    // Only the scrypt hash is kept, in the user and (until completion) in the sign-up.
    expect(storeSnapshot(emulator)).not.toContain('a-long-enough-passphrase');
  });

  it('fields can come in steps (PATCH), and a changed email needs a new code', async () => {
    const fapi = new FapiClient(emulator);
    const created = await fapi.post('/v1/client/sign_ups', { email_address: 'step@example.com' });
    expect(created.body.response.missing_fields).toEqual(['password']);
    const id = created.body.response.id;
    await fapi.post(`/v1/client/sign_ups/${id}/prepare_verification`, { strategy: 'email_code' });
    const verified = await fapi.post(`/v1/client/sign_ups/${id}/attempt_verification`, {
      strategy: 'email_code',
      code: '424242',
    });
    expect(verified.body.response).toMatchObject({
      status: 'missing_requirements',
      unverified_fields: [],
      missing_fields: ['password'],
    });
    const moved = await fapi.request('POST', `/v1/client/sign_ups/${id}?_method=PATCH`, {
      email_address: 'step2@example.com',
    });
    expect(moved.body.response).toMatchObject({
      unverified_fields: ['email_address'],
      verifications: { email_address: { next_action: 'needs_prepare' } },
    });
    await fapi.post(`/v1/client/sign_ups/${id}/prepare_verification`, { strategy: 'email_code' });
    await fapi.post(`/v1/client/sign_ups/${id}/attempt_verification`, { strategy: 'email_code', code: '424242' });
    const done = await fapi.request('POST', `/v1/client/sign_ups/${id}?_method=PATCH`, {
      password: 'steps-make-a-password',
    });
    expect(done.body.response.status).toBe('complete');
    expect(emulator.users.findByEmail('step2@example.com')).toBeDefined();
    expect(emulator.users.findByEmail('step@example.com')).toBeUndefined();
  });

  it.each([
    [
      { email_address: 'ada@example.com', password: 'a-long-enough-passphrase' },
      'form_identifier_exists',
      'email_address',
    ],
    [
      { email_address: 'not-an-email', password: 'a-long-enough-passphrase' },
      'form_param_format_invalid',
      'email_address',
    ],
    [{ email_address: 'x@example.com', password: 'short' }, 'form_password_length_too_short', 'password'],
    [{ email_address: 'x@example.com', password: 'x'.repeat(73) }, 'form_password_length_too_long', 'password'],
    [{ email_address: 'x@example.com', password: 'Password123' }, 'form_password_pwned', 'password'],
    [{ email_address: 'x@example.com', unsafe_metadata: '[1,2]' }, 'form_param_format_invalid', 'unsafe_metadata'],
    [{ email_address: 'x@example.com', phone_number: '+15555550100' }, 'form_param_unknown', 'phone_number'],
  ])('rejects %j with %s', async (form, code, param) => {
    const before = storeSnapshot(emulator);
    const response = await new FapiClient(emulator).post('/v1/client/sign_ups', form);
    expect(response.status).toBe(422);
    expect(response.body.errors[0]).toMatchObject({ code, meta: { param_name: param } });
    expect(storeSnapshot(emulator)).toBe(before);
  });

  it('wrong codes count; the fifth fails the verification until a new code is prepared', async () => {
    const fapi = new FapiClient(emulator);
    const id = (
      await fapi.post('/v1/client/sign_ups', { email_address: 'guess@example.com', password: 'guessing-is-futile' })
    ).body.response.id;
    const attempt = (code: string) =>
      fapi.post(`/v1/client/sign_ups/${id}/attempt_verification`, { strategy: 'email_code', code });
    expect((await attempt('424242')).body.errors[0].code).toBe('verification_expired'); // nothing prepared yet
    await fapi.post(`/v1/client/sign_ups/${id}/prepare_verification`, { strategy: 'email_code' });
    for (let i = 0; i < 4; i++) expect((await attempt('000000')).body.errors[0].code).toBe('form_code_incorrect');
    expect((await attempt('000000')).body.errors[0].code).toBe('verification_failed');
    expect((await attempt('424242')).body.errors[0].code).toBe('verification_failed');
    await fapi.post(`/v1/client/sign_ups/${id}/prepare_verification`, { strategy: 'email_code' });
    expect((await attempt('424242')).body.response.status).toBe('complete');
  });

  it('two browsers completing sign-ups for the same address: exactly one user, the other gets form_identifier_exists', async () => {
    const a = new FapiClient(emulator);
    const b = new FapiClient(emulator);
    const ready = async (fapi: FapiClient) => {
      const id = (
        await fapi.post('/v1/client/sign_ups', { email_address: 'race@example.com', password: 'racing-to-the-finish' })
      ).body.response.id;
      await fapi.post(`/v1/client/sign_ups/${id}/prepare_verification`, { strategy: 'email_code' });
      return id as string;
    };
    const [idA, idB] = await Promise.all([ready(a), ready(b)]);
    const results = await Promise.all([
      a.post(`/v1/client/sign_ups/${idA}/attempt_verification`, { strategy: 'email_code', code: '424242' }),
      b.post(`/v1/client/sign_ups/${idB}/attempt_verification`, { strategy: 'email_code', code: '424242' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(results.find((r) => r.status === 422)!.body.errors[0].code).toBe('form_identifier_exists');
    expect(emulator.users.list({ emailAddresses: ['race@example.com'] })).toHaveLength(1);
    // The loser is still signed out and its sign-up still open.
    const loser = results[0].status === 422 ? a : b;
    expect((await loser.get('/v1/client')).body.response).toMatchObject({
      sessions: [],
      sign_up: { status: 'missing_requirements' },
    });
  });
});
