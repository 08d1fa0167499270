import { describe, expect, it } from 'vitest';

import { extractSessionToken, isCrossSiteCookieWrite } from '../../src/index.js';

const req = (headers: Record<string, string | string[]>, method = 'GET') => ({ method, headers });

describe('extractSessionToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['BEARER   abc.def.ghi', 'abc.def.ghi'],
  ])('reads %j as a bearer token', (authorization, token) => {
    expect(extractSessionToken(req({ authorization }))).toEqual({ kind: 'token', token, transport: 'bearer' });
  });

  it.each(['Basic YTpi', 'abc.def.ghi', 'Bearer', 'Bearer ', 'Bearer a b', 'Token abc', '', 'null', 'Bearer a,b'])(
    'refuses Authorization %j',
    (authorization) => {
      expect(extractSessionToken(req({ authorization })).kind).toBe('malformed');
    },
  );

  it('refuses two Authorization headers', () => {
    expect(extractSessionToken(req({ authorization: ['Bearer a.b.c', 'Bearer a.b.c'] }))).toEqual({
      kind: 'malformed',
      reason: 'multiple-authorization-headers',
    });
  });

  it('reads the __session cookie only without an Authorization header', () => {
    expect(extractSessionToken(req({ cookie: 'a=1; __session=tok.en.x; b=2' }))).toEqual({
      kind: 'token',
      token: 'tok.en.x',
      transport: 'cookie',
    });
    expect(extractSessionToken(req({ authorization: 'Bearer h.e.ader', cookie: '__session=tok.en.x' }))).toMatchObject({
      token: 'h.e.ader',
    });
  });

  it('ignores look-alike cookie names and accepts the same cookie twice', () => {
    expect(extractSessionToken(req({ cookie: '__session_abc=x; __sessionx=y' }))).toEqual({ kind: 'none' });
    expect(extractSessionToken(req({ cookie: '__session=a.b.c; __session=a.b.c' }))).toMatchObject({
      kind: 'token',
      token: 'a.b.c',
    });
  });

  it('refuses two different __session cookies', () => {
    expect(extractSessionToken(req({ cookie: '__session=a.b.c; __session=d.e.f' })).kind).toBe('malformed');
  });

  it('treats no credentials (or an empty cookie) as signed out', () => {
    expect(extractSessionToken(req({}))).toEqual({ kind: 'none' });
    expect(extractSessionToken(req({ cookie: '__session=' }))).toEqual({ kind: 'none' });
  });
});

describe('isCrossSiteCookieWrite', () => {
  const allowed = new Set(['http://localhost:3000']);
  it.each([
    ['POST', { origin: 'https://evil.example' }, true],
    ['POST', {}, true],
    ['POST', { origin: 'null' }, true],
    ['DELETE', { origin: 'https://evil.example' }, true],
    ['POST', { origin: 'http://localhost:3000' }, false],
    ['GET', { origin: 'https://evil.example' }, false],
    ['HEAD', {}, false],
  ])('%s with %j → %s', (method, headers, expected) => {
    expect(isCrossSiteCookieWrite(req(headers, method), 'cookie', allowed)).toBe(expected);
  });

  it('never applies to bearer tokens', () => {
    expect(isCrossSiteCookieWrite(req({ origin: 'https://evil.example' }, 'POST'), 'bearer', allowed)).toBe(false);
  });
});
