import { request as httpRequest } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClerkEmulator } from '../src/index.js';
import { APP_ORIGIN, FapiClient, storeSnapshot } from './fapi/fapi-client.js';
import { clerkErrorOf, startSeeded } from './helpers.js';

// Bad input to every Frontend API endpoint: always a Clerk-shaped 4xx, never a crash, and the
// store exactly as before (checked after every single request).
describe('Frontend API under hostile input', () => {
  let emulator: ClerkEmulator;
  let signedIn: FapiClient;
  let sid: string;
  let signInId: string;
  let signUpId: string;

  beforeAll(async () => {
    emulator = await startSeeded();
    signedIn = new FapiClient(emulator);
    sid = await signedIn.signIn('ada@example.com', 'correct-horse-battery');
    const pending = new FapiClient(emulator);
    signInId = (await pending.post('/v1/client/sign_ins', { identifier: 'grace@example.com' })).body.response.id;
    signUpId = (await new FapiClient(emulator).post('/v1/client/sign_ups', { email_address: 'pending@example.com' }))
      .body.response.id;
  });
  afterAll(() => emulator?.close());

  type Case = [
    label: string,
    method: string,
    path: () => string,
    body: string | undefined,
    status: number,
    code?: string,
  ];
  const cases: Case[] = [
    ['unknown route', 'GET', () => '/v1/client/nope', undefined, 404, 'resource_not_found'],
    ['wrong method', 'PUT', () => '/v1/environment', undefined, 405, 'method_not_allowed'],
    ['bad percent-encoding', 'GET', () => '/v1/client/sign_ins/%E0%A4%A', undefined, 404, 'resource_not_found'],
    [
      'sign-in: repeated identifier',
      'POST',
      () => '/v1/client/sign_ins',
      'identifier=a@example.com&identifier=b@example.com',
      422,
      'form_param_format_invalid',
    ],
    [
      'sign-in: identifier too long',
      'POST',
      () => '/v1/client/sign_ins',
      `identifier=${'a'.repeat(400)}`,
      422,
      'form_param_format_invalid',
    ],
    [
      'sign-in: unsupported strategy',
      'POST',
      () => '/v1/client/sign_ins',
      'identifier=ada@example.com&strategy=oauth_google',
      422,
      'strategy_for_user_invalid',
    ],
    ['sign-in: JSON array body', 'POST', () => '/v1/client/sign_ins', '["identifier"]', 400, 'malformed_request'],
    ['sign-in: unknown id', 'GET', () => '/v1/client/sign_ins/sia_nope', undefined, 404, 'resource_not_found'],
    [
      'sign-in: attempt without strategy',
      'POST',
      () => `/v1/client/sign_ins/${signInId}/attempt_first_factor`,
      'password=x',
      422,
      'form_param_missing',
    ],
    [
      'sign-in: attempt on another client',
      'POST',
      () => `/v1/client/sign_ins/${signInId}/attempt_first_factor`,
      'strategy=password&password=another-long-pass',
      404,
    ],
    [
      'sign-in: prepare phone_code',
      'POST',
      () => `/v1/client/sign_ins/${signInId}/prepare_first_factor`,
      'strategy=phone_code',
      404,
    ],
    [
      'sign-up: unknown id',
      'POST',
      () => '/v1/client/sign_ups/sua_nope/prepare_verification',
      'strategy=email_code',
      404,
    ],
    [
      'sign-up: another client',
      'POST',
      () => `/v1/client/sign_ups/${signUpId}/attempt_verification`,
      'strategy=email_code&code=424242',
      404,
    ],
    [
      'sign-up: missing code',
      'POST',
      () => `/v1/client/sign_ups/${signUpId}/attempt_verification`,
      'strategy=email_code',
      422,
      'form_param_missing',
    ],
    [
      'sign-up: bad email',
      'POST',
      () => '/v1/client/sign_ups',
      'email_address=%00%01',
      422,
      'form_param_format_invalid',
    ],
    ['tokens: unknown session', 'POST', () => '/v1/client/sessions/sess_nope/tokens', '', 404, 'resource_not_found'],
    ['tokens: bad template name', 'POST', () => `/v1/client/sessions/${sid}/tokens/${'x'.repeat(200)}`, '', 404],
    [
      'touch: org the user is not in',
      'POST',
      () => `/v1/client/sessions/${sid}/touch`,
      'active_organization_id=org_nope',
      404,
    ],
    ['remove: unknown session', 'POST', () => '/v1/client/sessions/sess_nope/remove', '', 404],
    ['me: unknown _clerk_session_id', 'GET', () => '/v1/me?_clerk_session_id=sess_nope', undefined, 404],
    [
      'me: first_name as repeated key',
      'POST',
      () => '/v1/me?_method=PATCH',
      'first_name=a&first_name=b',
      422,
      'form_param_format_invalid',
    ],
    [
      'change_password: missing new_password',
      'POST',
      () => '/v1/me/change_password',
      'current_password=x',
      422,
      'form_param_missing',
    ],
    [
      'handshake: foreign redirect',
      'GET',
      () => '/v1/client/handshake?redirect_url=https%3A%2F%2Fevil.example%2F',
      undefined,
      400,
    ],
    ['touch redirect: missing', 'GET', () => '/v1/client/touch', undefined, 422],
  ];

  it.each(cases)('%s', async (_label, method, path, body, status, code) => {
    // Requests run as the signed-in client (so "another client" cases really are someone else's ids).
    const before = storeSnapshot(emulator);
    const response = await signedIn.request(
      method,
      path(),
      body,
      body?.startsWith('[') ? { contentType: 'application/json' } : {},
    );
    expect(response.status).toBe(status);
    const error = await clerkErrorOf(
      new Response(JSON.stringify(response.body), {
        headers: { 'content-type': response.headers.get('content-type') ?? '' },
      }),
    );
    if (code) expect(error.errors[0]?.code).toBe(code);
    expect(storeSnapshot(emulator)).toBe(before);
  });

  it('rejects oversized bodies with 413 (announced or streamed) and closes the connection', async () => {
    const before = storeSnapshot(emulator);
    const big = `identifier=${'a'.repeat(70 * 1024)}`;
    const announced = await signedIn.request('POST', '/v1/client/sign_ins', big);
    expect(announced.status).toBe(413);
    expect(announced.body.errors[0].code).toBe('request_body_too_large');
    const streamed = await new Promise<number>((resolve, reject) => {
      const url = new URL(emulator.url + '/v1/client/sign_ups');
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            origin: APP_ORIGIN,
            'content-type': 'application/x-www-form-urlencoded',
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 80; i++) req.write('a'.repeat(1024));
      req.end();
    });
    expect(streamed).toBe(413);
    expect(storeSnapshot(emulator)).toBe(before);
  });

  it('rejects bodies that are not UTF-8 or not JSON objects', async () => {
    const before = storeSnapshot(emulator);
    const notUtf8 = await fetch(emulator.url + '/v1/client/sign_ins', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from([0x69, 0x3d, 0xff, 0xfe]),
    });
    expect(notUtf8.status).toBe(400);
    const badJson = await signedIn.request('POST', '/v1/client/sign_ins', '{"identifier":', {
      contentType: 'application/json',
    });
    expect(badJson.status).toBe(400);
    expect(storeSnapshot(emulator)).toBe(before);
  });

  it('a forged or unknown __client cookie is just "no client" (and gets cleared)', async () => {
    const stranger = new FapiClient(emulator);
    stranger.cookies.set('__client', 'forged-token-value');
    const response = await stranger.get('/v1/client');
    expect(response.body.response).toBeNull();
    expect(response.setCookies.find((c) => c.startsWith('__client='))).toMatch(/Max-Age=0/);
    expect((await stranger.post(`/v1/client/sessions/${sid}/tokens`)).status).toBe(404);
  });

  it('the emulator keeps serving after all of it', async () => {
    expect((await signedIn.get('/v1/client')).body.response.sessions[0].id).toBe(sid);
  });
});
