import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';

import type { LoadRequest, TrafficClass } from './fire.js';
import { Rotation } from './rotation.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const EMPTY_INPUT = encodeURIComponent(JSON.stringify({}));

export const profileMe = (token: string): LoadRequest => ({ path: '/trpc/profile.me', headers: bearer(token) });

/** What the web client's batch link sends: two calls in one request. */
export const batch = (token: string): LoadRequest => ({
  path: `/trpc/session.current,profile.me?batch=1&input=${EMPTY_INPUT}`,
  headers: bearer(token),
});

export function traffic(
  name: string,
  weight: number,
  tokens: Rotation<string>,
  build: (token: string) => LoadRequest,
): TrafficClass {
  return { name, weight, next: () => build(tokens.next()) };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const part = (token: string, i: number) => token.split('.')[i]!;
const decode = (token: string, i: number) =>
  JSON.parse(Buffer.from(part(token, i), 'base64url').toString()) as Record<string, unknown>;
const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/** Correctly formed RS256 tokens signed by a key that is not the instance's. */
function foreignSigned(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const body = `${b64(header)}.${b64(payload)}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(foreign).toString('base64url')}`;
}

/** Forged variants of valid tokens, each of which must be refused with 401. */
export function badTokens(valid: readonly string[]): string[] {
  return valid.flatMap((token) => {
    const sig = Buffer.from(part(token, 2), 'base64url');
    sig[10] = sig[10]! ^ 1;
    return [
      `${part(token, 0)}.${part(token, 1)}.${sig.toString('base64url')}`,
      `${b64({ ...decode(token, 0), alg: 'none' })}.${part(token, 1)}.`,
      `${part(token, 0)}.${b64({ ...decode(token, 1), sub: 'user_someone_else' })}.${part(token, 2)}`,
      foreignSigned(decode(token, 0), decode(token, 1)),
      'not-a-jwt',
    ];
  });
}

/** The abusive mix autocannon can drive: oversized batches, a huge token and random kids (all refused). */
export function abusiveTraffic(
  valid: Rotation<string>,
  claims: Record<string, unknown>,
  header: Record<string, unknown>,
): TrafficClass[] {
  const randomKids = new Rotation(
    Array.from({ length: 500 }, () =>
      foreignSigned({ ...header, kid: `ins_${randomBytes(12).toString('base64url')}` }, claims),
    ),
  );
  const oversized = Array(11).fill('session.current').join(',');
  return [
    traffic('abuse: 11-call batch', 1, valid, (token) => ({
      path: `/trpc/${oversized}?batch=1&input=${EMPTY_INPUT}`,
      headers: bearer(token),
    })),
    traffic('abuse: 2000-comma batch', 1, valid, (token) => ({
      path: `/trpc/${','.repeat(2000)}?batch=1&input=${EMPTY_INPUT}`,
      headers: bearer(token),
    })),
    { name: 'abuse: 15 KB token', weight: 1, next: () => profileMe(`x${'A'.repeat(15_000)}`) },
    { name: 'abuse: random kid', weight: 2, next: () => profileMe(randomKids.next()) },
  ];
}

export function decodeToken(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  return { header: decode(token, 0), claims: decode(token, 1) };
}
