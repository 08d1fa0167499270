import { describe, expect, it } from 'vitest';

import { checkTokenShape, MAX_TOKEN_LENGTH } from '../../src/index.js';

const seg = (s: string) => Buffer.from(s).toString('base64url');
const token = `${seg('{"alg":"RS256"}')}.${seg('{"sub":"u"}')}.${seg('signature-bytes!')}`;

describe('checkTokenShape', () => {
  it('accepts a canonical three-part token', () => {
    expect(checkTokenShape(token)).toBeNull();
  });

  it.each([
    ['padding', `${token}=`],
    ['standard base64 characters', token.replace(/-|_/g, '+') + '+/'],
    ['whitespace', `${token} `],
    ['two parts', token.split('.').slice(0, 2).join('.')],
    ['an empty part', `${token.split('.')[0]}..${token.split('.')[2]}`],
  ])('refuses %s', (_name, value) => {
    expect(checkTokenShape(value)).not.toBeNull();
  });

  it('refuses a variant that decodes to the same bytes (non-zero trailing bits)', () => {
    const sig = seg('ab'); // 'YWI': 3 chars, the last carries 2 unused bits
    const variant = sig.slice(0, -1) + String.fromCharCode(sig.charCodeAt(sig.length - 1) + 1);
    expect(Buffer.from(variant, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    const parts = token.split('.');
    expect(checkTokenShape(`${parts[0]}.${parts[1]}.${sig}`)).toBeNull();
    expect(checkTokenShape(`${parts[0]}.${parts[1]}.${variant}`)).toBe('token-not-canonical');
  });

  it('refuses oversized tokens before decoding', () => {
    expect(checkTokenShape('a'.repeat(MAX_TOKEN_LENGTH + 1))).toBe('token-too-large');
  });
});
