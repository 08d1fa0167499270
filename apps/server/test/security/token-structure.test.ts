import { describe, expect, it } from 'vitest';

import type { VerificationMode } from '../support/start-server.js';
import { useBattery } from './support/battery.js';
import { expectBareRefusal, expectRefused } from './support/expect.js';
import { rawRequest } from './support/raw-http.js';
import { rawToken, unsignedToken } from './support/tokens.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe.each<VerificationMode>(['jwks', 'jwt-key'])('token structure (%s mode)', (mode) => {
  const t = useBattery(mode);
  const parts = () => t.good.split('.') as [string, string, string];

  it('accepts the untampered token (the control)', async () => {
    expect((await t.bearer(t.good)).status).toBe(200);
  });

  it.each<[string, () => string]>([
    ['not a JWT at all', () => 'hello'],
    ['a single dot', () => '.'],
    ['two dots only', () => '..'],
    ['two parts', () => parts().slice(0, 2).join('.')],
    ['four parts', () => `${t.good}.${parts()[2]}`],
    ['five parts (JWE shape)', () => `${parts()[0]}.AA.AA.AA.AA`],
    ['an empty signature', () => `${parts()[0]}.${parts()[1]}.`],
    ['an empty header', () => `.${parts()[1]}.${parts()[2]}`],
    ['an empty payload', () => `${parts()[0]}..${parts()[2]}`],
    ['characters outside base64url in the header', () => `${parts()[0]}!.${parts()[1]}.${parts()[2]}`],
    ['standard-base64 characters (+ and /)', () => `${parts()[0]}.${parts()[1]}.${parts()[2].replace(/[-_]/g, '+')}+/`],
    ['a header that is not JSON', () => `${b64('{"alg":"RS256",')}.${parts()[1]}.${parts()[2]}`],
    ['a payload that is not JSON', () => `${parts()[0]}.${b64('not json')}.${parts()[2]}`],
    ['a header that is JSON null', () => 'bnVsbA.e30.AA'],
    ['a header that is an array', () => unsignedToken([t.header()], t.claims(), parts()[2])],
    ['a header that is a number', () => `${b64('42')}.${parts()[1]}.${parts()[2]}`],
    ['a header that is a string', () => `${b64('"RS256"')}.${parts()[1]}.${parts()[2]}`],
    ['a payload that is JSON null', () => `${parts()[0]}.${b64('null')}.${parts()[2]}`],
    ['a payload that is an array', () => `${parts()[0]}.${b64(JSON.stringify([t.claims()]))}.${parts()[2]}`],
    ['a payload that is a string', () => `${parts()[0]}.${b64('"user"')}.${parts()[2]}`],
    [
      'a header with a byte-order mark',
      () => rawToken(`\uFEFF${JSON.stringify(t.header())}`, JSON.stringify(t.claims()), parts()[2]),
    ],
    [
      'invalid UTF-8 in the payload',
      () => `${parts()[0]}.${Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url')}.${parts()[2]}`,
    ],
    ['oversized (over 8 KiB, under Node’s header limit)', () => `${parts()[0]}.${'A'.repeat(10_000)}.${parts()[2]}`],
  ])('refuses %s with the one fixed 401', async (_name, make) => {
    expectRefused(await t.bearer(make()), t.leaks());
  });

  it('refuses an empty __session cookie as no credentials at all', async () => {
    expectRefused(await t.me({ cookie: '__session=' }), t.leaks());
  });

  it('refuses a token with non-ASCII characters before any decoding', async () => {
    const res = await rawRequest(t.stack.url, [
      'GET /trpc/profile.me HTTP/1.1',
      `Authorization: Bearer ${parts()[0]}.é${parts()[1]}.${parts()[2]}`,
    ]);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ error: { data: { code: 'UNAUTHORIZED' } } });
  });

  it('answers a header block over Node’s 16 KiB limit with a bare 431 before any application code', async () => {
    const res = await rawRequest(t.stack.url, [
      'GET /trpc/profile.me HTTP/1.1',
      `Authorization: Bearer ${'A'.repeat(20_000)}`,
    ]);
    expectBareRefusal(res, 431);
  });
});
