import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectUnauthorized } from './support/expectations.js';
import { input, request } from './support/http.js';
import { OTHER_WEB_ORIGIN, startServer, WEB_ORIGIN, type TestStack, type VerificationMode } from './support/start-server.js';
import { decodePart, flipBit, hmacWithPublicKey, signWithForeignKey, unsignedToken } from './support/tokens.js';

const now = () => Math.floor(Date.now() / 1000);

describe.each<VerificationMode>(['jwks', 'jwt-key'])('auth rules (%s mode)', (mode) => {
  let stack: TestStack;
  let good: string;
  beforeAll(async () => {
    stack = await startServer(mode);
    good = await stack.adaToken();
  });
  afterAll(() => stack?.close());

  const callMe = (headers: Record<string, string>) => request(`${stack.url}/trpc/profile.me`, { headers });
  const bearer = (token: string) => callMe({ authorization: `Bearer ${token}` });
  const leaks = () => ['ada@example.com', 'Lovelace', stack.adaId];
  /** Valid claims and header for Ada, to be bent by each case. */
  const claims = () => decodePart(good, 1);
  const header = () => decodePart(good, 0);

  it('accepts the untampered token (the control for every case below)', async () => {
    expect((await bearer(good)).status).toBe(200);
  });

  it.each<[string, () => Promise<string> | string]>([
    ['expired (exp beyond the skew)', () => stack.adaToken({ issuedAt: now() - 120, expiresInSeconds: 60 })],
    ['not yet valid (nbf in the future)', () => stack.emulator.signJwt({ ...claims(), nbf: now() + 120 }, header())],
    ['issued in the future (iat)', () => stack.emulator.signJwt({ ...claims(), iat: now() + 120 }, header())],
    ['exp missing', () => stack.emulator.signJwt({ ...claims(), exp: undefined }, header())],
    ['exp a string', () => stack.emulator.signJwt({ ...claims(), exp: String(now() + 60) }, header())],
    ['wrong issuer', () => stack.emulator.signJwt({ ...claims(), iss: 'https://clerk.evil.example' }, header())],
    ['issuer missing', () => stack.emulator.signJwt({ ...claims(), iss: undefined }, header())],
    ['azp not an authorized party', () => stack.adaToken({ azp: 'https://evil.example' })],
    ['azp missing', () => stack.emulator.signJwt({ ...claims(), azp: undefined }, header())],
    ['sid missing', () => stack.emulator.signJwt({ ...claims(), sid: undefined }, header())],
    ['sub missing', () => stack.emulator.signJwt({ ...claims(), sub: undefined }, header())],
    ['pending session (sts: pending)', () => stack.emulator.signJwt({ ...claims(), sts: 'pending' }, header())],
    ['JWT-template token (cat)', () => stack.emulator.signJwt(claims(), { ...header(), cat: 'cl_B7d4PD222AAA' })],
    ['M2M category token', () => stack.emulator.signJwt(claims(), { ...header(), cat: 'cl_B7d4PD333AAA' })],
    ['machine subject (mch_)', () => stack.emulator.signJwt({ ...claims(), sub: 'mch_123' }, header())],
    ['typ at+jwt', () => stack.emulator.signJwt(claims(), { ...header(), typ: 'at+jwt' })],
    ['alg none', () => unsignedToken({ ...header(), alg: 'none' }, claims())],
    ['alg NoNe', () => unsignedToken({ ...header(), alg: 'NoNe' }, claims())],
    ['HS256 keyed with the public key', () => hmacWithPublicKey(header(), claims(), stack.emulator.publicKeyPem)],
    ['ES256 header on an RS256 signature', () => `${unsignedToken({ ...header(), alg: 'ES256' }, claims())}${good.split('.')[2]}`],
    ['signed by a foreign key with the instance kid', () => signWithForeignKey(claims(), { kid: header()['kid'] })],
    ['header is JSON null', () => 'bnVsbA.e30.AA'],
    ['header is an array', () => unsignedToken([1], claims(), 'AA')],
    ['payload is JSON null', () => `${good.split('.')[0]}.bnVsbA.${good.split('.')[2]}`],
    ['two parts', () => good.split('.').slice(0, 2).join('.')],
    ['four parts', () => `${good}.AA`],
    ['a signature bit flipped', () => flipBit(good, 2, 40)],
    ['a payload bit flipped', () => flipBit(good, 1, 10)],
    ['signature truncated', () => good.slice(0, -10)],
    ['payload edited (sub)', () => `${good.split('.')[0]}.${Buffer.from(JSON.stringify({ ...claims(), sub: 'user_other' })).toString('base64url')}.${good.split('.')[2]}`],
    ['padding appended', () => `${good}==`],
    ['oversized (over 8 KiB, under Node’s header limit)', () => `${good.split('.')[0]}.${'A'.repeat(10_000)}.${good.split('.')[2]}`],
    ['not a JWT at all', () => 'hello'],
  ])('refuses %s with the one fixed 401', async (_name, make) => {
    expectUnauthorized(await bearer(await make()), leaks());
  });

  it.each([
    ['Basic credentials', () => `Basic ${Buffer.from('ada:pw').toString('base64')}`],
    ['a schemeless token', () => good],
    ['an empty Bearer', () => 'Bearer '],
    ['a Bearer with two tokens', () => `Bearer ${good} ${good}`],
    ['the literal null', () => 'null'],
  ])('refuses an Authorization header with %s', async (_name, make) => {
    expectUnauthorized(await callMe({ authorization: make() }), leaks());
  });

  it('accepts the Bearer scheme in any case', async () => {
    expect((await callMe({ authorization: `bEaReR ${good}` })).status).toBe(200);
  });

  it('refuses an anonymous caller before validating input (no schema probing)', async () => {
    const res = await request(`${stack.url}/trpc/profile.update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 12345 }),
    });
    expectUnauthorized(res);
    expect(res.text).not.toContain('firstName');
  });

  it('refuses session.current for a bad token too (no claims echoed)', async () => {
    const res = await request(`${stack.url}/trpc/session.current?${input(null)}`, {
      headers: { authorization: `Bearer ${await stack.adaToken({ azp: 'https://evil.example' })}` },
    });
    expectUnauthorized(res, leaks());
  });

  it('REST /api/profile refuses a bad token with the same message and no user data', async () => {
    const res = await request(`${stack.url}/api/profile`, { headers: { authorization: `Bearer ${good.slice(0, -4)}` } });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ message: 'Authentication required' });
    for (const secret of leaks()) expect(res.text).not.toContain(secret);
  });

  it('accepts a token for another authorized party', async () => {
    expect((await bearer(await stack.adaToken({ azp: OTHER_WEB_ORIGIN }))).status).toBe(200);
    expect((await bearer(await stack.adaToken({ azp: WEB_ORIGIN }))).status).toBe(200);
  });
});
