import { createHash, createPublicKey } from 'node:crypto';

import { verifyToken } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClerkEmulator } from '../src/index.js';
import { bapi, decodeJwt, startSeeded } from './helpers.js';

describe('tokens verified by the real @clerk/backend', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    emulator = await startSeeded();
  });
  afterAll(() => emulator.close());

  it('exposes instance identity in the documented formats', () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.secretKey).toMatch(/^sk_live_[A-Za-z0-9_-]{20,}$/);
    expect(emulator.publishableKey).toBe(
      'pk_live_' + Buffer.from('clerk.emulator.local$').toString('base64').replace(/=+$/, ''),
    );
    expect(emulator.issuer).toBe('https://clerk.emulator.local');
    const spki = createPublicKey(emulator.publicKeyPem).export({ type: 'spki', format: 'der' });
    expect(emulator.kid).toBe('ins_' + createHash('sha256').update(spki).digest('base64url').slice(0, 27));
    const details = createPublicKey(emulator.publicKeyPem).asymmetricKeyDetails;
    expect(details).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
  });

  it('serves the JWKS in Clerk shape', async () => {
    const response = await bapi(emulator, '/v1/jwks');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as { keys: Array<Record<string, string>> };
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({ kid: emulator.kid, kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(body.keys[0]!['n']).toMatch(/^[A-Za-z0-9_-]{340,}$/);
  });

  it('mints v2 session tokens with the documented header and claims', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await emulator.mintSessionToken({ userId: 'user_grace', azp: 'http://localhost:3000' });
    const { header, payload } = decodeJwt(token);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: emulator.kid, cat: 'cl_B7d4PD111AAA' });
    expect(payload).toMatchObject({
      iss: emulator.issuer,
      sub: 'user_grace',
      v: 2,
      fva: [0, -1],
      sts: 'active',
      azp: 'http://localhost:3000',
    });
    expect(payload['sid']).toMatch(/^sess_/);
    const iat = payload['iat'] as number;
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(payload['exp']).toBe(iat + 60);
    expect(payload['nbf']).toBe(iat - 5);
    expect(payload).not.toHaveProperty('o');
    expect(emulator.getSession(payload['sid'] as string)?.status).toBe('active');
  });

  it('verifyToken succeeds via remote JWKS (secretKey + apiUrl) and caches the JWKS', async () => {
    emulator.stats.reset();
    const token = await emulator.mintSessionToken({ userId: 'user_ada', azp: 'http://localhost:3000' });
    const claims = await verifyToken(token, {
      secretKey: emulator.secretKey,
      apiUrl: emulator.url,
      authorizedParties: ['http://localhost:3000'],
    });
    expect(claims.sub).toBe('user_ada');
    await verifyToken(token, { secretKey: emulator.secretKey, apiUrl: emulator.url });
    expect(emulator.stats.count('jwks')).toBeLessThanOrEqual(1);
  });

  it('verifyToken succeeds networkless with jwtKey = publicKeyPem', async () => {
    emulator.stats.reset();
    const token = await emulator.mintSessionToken({ userId: 'user_ada' });
    const claims = await verifyToken(token, { jwtKey: emulator.publicKeyPem });
    expect(claims.sid).toBeTypeOf('string');
    expect(emulator.stats.count('jwks')).toBe(0);
  });

  it('lets tests craft expired, future and stripped tokens that the SDK rejects', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await emulator.mintSessionToken({ userId: 'user_ada', issuedAt: now - 3600 });
    await expect(verifyToken(expired, { jwtKey: emulator.publicKeyPem })).rejects.toMatchObject({
      reason: 'token-expired',
    });
    const future = await emulator.mintSessionToken({ userId: 'user_ada', issuedAt: now + 3600 });
    await expect(verifyToken(future, { jwtKey: emulator.publicKeyPem })).rejects.toMatchObject({
      reason: 'token-not-active-yet',
    });
    const noSid = await emulator.mintSessionToken({ userId: 'user_ada', claims: { sid: undefined, extra: 1 } });
    expect(decodeJwt(noSid).payload).not.toHaveProperty('sid');
    expect(decodeJwt(noSid).payload['extra']).toBe(1);
    const wrongKid = await emulator.mintSessionToken({ userId: 'user_ada', header: { kid: 'ins_unknown' } });
    await expect(verifyToken(wrongKid, { secretKey: emulator.secretKey, apiUrl: emulator.url })).rejects.toMatchObject({
      reason: 'jwk-kid-mismatch',
    });
  });

  it('signJwt signs arbitrary payloads with the instance key', async () => {
    const token = await emulator.signJwt(
      { sub: 'user_x', exp: Math.floor(Date.now() / 1000) + 60, iss: 'https://evil.example' },
      { cat: 'cl_B7d4PD333AAA' },
    );
    expect(decodeJwt(token).header).toEqual({ alg: 'RS256', typ: 'JWT', kid: emulator.kid, cat: 'cl_B7d4PD333AAA' });
    // Clerk never checks iss unless asked: the application must.
    const plain = await emulator.signJwt({
      sub: 'user_x',
      exp: Math.floor(Date.now() / 1000) + 60,
      iss: 'https://evil.example',
    });
    expect((await verifyToken(plain, { jwtKey: emulator.publicKeyPem })).iss).toBe('https://evil.example');
  });

  it('mintSessionToken rejects unknown users and sessions', async () => {
    await expect(emulator.mintSessionToken({ userId: 'user_nobody' })).rejects.toThrow(/no user/);
    await expect(emulator.mintSessionToken({ sessionId: 'sess_nobody' })).rejects.toThrow(/no session/);
    await expect(emulator.mintSessionToken({})).rejects.toThrow(/userId or sessionId/);
  });
});
