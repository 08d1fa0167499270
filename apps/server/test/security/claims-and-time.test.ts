import { describe, expect, it } from 'vitest';

import type { VerificationMode } from '../support/start-server.js';
import { WEB_ORIGIN } from '../support/start-server.js';
import { nowSeconds, useBattery } from './support/battery.js';
import { expectRefused } from './support/expect.js';

// Clerk's verifier allows 5 s of clock skew. The accepted edges stay 4 s inside it and the refused
// ones far outside, so a slow test run cannot flip a case.
describe.each<VerificationMode>(['jwks', 'jwt-key'])('claims and time (%s mode)', (mode) => {
  const t = useBattery(mode);
  const bent = (claims: Record<string, unknown>, header?: Record<string, unknown>) =>
    t.sign({ ...t.claims(), ...claims }, header);

  it.each<[string, () => Promise<string>]>([
    ['expired a minute ago', () => t.stack.adaToken({ issuedAt: nowSeconds() - 120, expiresInSeconds: 60 })],
    ['expired 30 s ago (beyond the skew)', () => bent({ exp: nowSeconds() - 30 })],
    ['not valid for another 30 s (nbf)', () => bent({ nbf: nowSeconds() + 30 })],
    ['issued 30 s in the future (iat)', () => bent({ iat: nowSeconds() + 30 })],
    ['exp missing', () => bent({ exp: undefined })],
    ['exp a string', () => bent({ exp: String(nowSeconds() + 60) })],
    ['exp null', () => bent({ exp: null })],
    ['nbf a string', () => bent({ nbf: String(nowSeconds() - 5) })],
    ['iat a string', () => bent({ iat: String(nowSeconds()) })],
    ['wrong issuer', () => bent({ iss: 'https://clerk.evil.example' })],
    ['issuer missing', () => bent({ iss: undefined })],
    ['issuer with a trailing slash', () => bent({ iss: `${t.stack.emulator.issuer}/` })],
    ['issuer over http', () => bent({ iss: t.stack.emulator.issuer.replace('https:', 'http:') })],
    ['issuer as an array', () => bent({ iss: [t.stack.emulator.issuer] })],
    ['azp not an authorized party', () => t.stack.adaToken({ azp: 'https://evil.example' })],
    ['azp missing', () => bent({ azp: undefined })],
    ['azp with a trailing slash', () => bent({ azp: `${WEB_ORIGIN}/` })],
    ['azp as an array of parties', () => bent({ azp: [WEB_ORIGIN] })],
    ['azp an authorized origin as a suffix', () => bent({ azp: `${WEB_ORIGIN}.evil.example` })],
    ['sid missing', () => bent({ sid: undefined })],
    ['sid empty', () => bent({ sid: '' })],
    ['sid a number', () => bent({ sid: 12345 })],
    ['sub missing', () => bent({ sub: undefined })],
    ['sub a number', () => bent({ sub: 12345 })],
    ['a machine subject (mch_)', () => bent({ sub: 'mch_123' })],
    ['a pending session (sts: pending)', () => bent({ sts: 'pending' })],
    ['a JWT-template token (cat)', () => bent({}, { cat: 'cl_B7d4PD222AAA' })],
    ['an M2M category token (cat)', () => bent({}, { cat: 'cl_B7d4PD333AAA' })],
    ['an unknown token category (cat)', () => bent({}, { cat: 'cl_unknown' })],
    ['an OAuth access token (typ at+jwt)', () => bent({}, { typ: 'at+jwt' })],
    ['typ JWS', () => bent({}, { typ: 'JWS' })],
  ])('refuses %s with the one fixed 401', async (_name, make) => {
    expectRefused(await t.bearer(await make()), t.leaks());
  });

  it.each<[string, () => Promise<string>]>([
    ['expired 1 s ago (inside the 5 s skew)', () => bent({ exp: nowSeconds() - 1 })],
    ['nbf 1 s ahead (inside the skew)', () => bent({ nbf: nowSeconds() + 1 })],
    ['iat 1 s ahead (inside the skew)', () => bent({ iat: nowSeconds() + 1 })],
    ['no typ header at all', () => bent({}, { typ: undefined })],
    ['no cat header (older session tokens)', () => bent({}, { cat: undefined })],
    ['the second authorized party as azp', () => t.stack.adaToken({ azp: 'https://app.example.com' })],
  ])('accepts %s (documented edge)', async (_name, make) => {
    expect((await t.bearer(await make())).status).toBe(200);
  });

  it('accepts the token of a revoked session until it expires (Clerk’s networkless model: tokens live 60 s)', async () => {
    const sessionToken = await t.stack.adaToken();
    const sid = JSON.parse(Buffer.from(sessionToken.split('.')[1]!, 'base64url').toString()).sid as string;
    t.stack.emulator.revokeSession(sid);
    expect((await t.bearer(sessionToken)).status).toBe(200);
  });
});
