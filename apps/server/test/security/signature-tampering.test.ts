import { beforeAll, describe, it } from 'vitest';

import type { VerificationMode } from '../support/start-server.js';
import { nowSeconds, useBattery } from './support/battery.js';
import { expectRefused } from './support/expect.js';
import { flipBit, replacePart } from './support/tokens.js';

describe.each<VerificationMode>(['jwks', 'jwt-key'])('signature tampering (%s mode)', (mode) => {
  const t = useBattery(mode);
  let grace: string;
  beforeAll(async () => {
    grace = await t.stack.emulator.mintSessionToken({ userId: t.stack.graceId, azp: 'http://localhost:3000' });
  });
  const part = (i: number, token = t.good) => token.split('.')[i]!;
  const signatureBytes = () => Buffer.from(part(2), 'base64url');

  it.each<[string, () => string]>([
    ['the first signature bit flipped', () => flipBit(t.good, 2, 0)],
    ['a middle signature bit flipped', () => flipBit(t.good, 2, 128)],
    ['the last signature bit flipped', () => flipBit(t.good, 2, -1)],
    ['a payload bit flipped', () => flipBit(t.good, 1, 10)],
    ['a header bit flipped', () => flipBit(t.good, 0, 5)],
    ['the signature truncated by ten characters', () => t.good.slice(0, -10)],
    ['the signature truncated to one byte', () => replacePart(t.good, 2, signatureBytes().subarray(0, 1))],
    ['the signature doubled', () => replacePart(t.good, 2, Buffer.concat([signatureBytes(), signatureBytes()]))],
    ['an all-zero signature of the right length', () => replacePart(t.good, 2, Buffer.alloc(256))],
    ['the payload edited to another user (sub)', () => replacePart(t.good, 1, { ...t.claims(), sub: t.stack.graceId })],
    [
      'the payload edited to live longer (exp)',
      () => replacePart(t.good, 1, { ...t.claims(), exp: nowSeconds() + 86_400 }),
    ],
    [
      'the payload edited to add an organization role',
      () => replacePart(t.good, 1, { ...t.claims(), o: { id: 'org_evil', rol: 'admin' } }),
    ],
    [
      'the payload re-encoded with its keys reordered',
      () => replacePart(t.good, 1, Object.fromEntries(Object.entries(t.claims()).reverse())),
    ],
    ['another user’s signature spliced onto this token', () => `${part(0)}.${part(1)}.${part(2, grace)}`],
    ['this signature spliced onto another user’s payload', () => `${part(0, grace)}.${part(1, grace)}.${part(2)}`],
    ['padding appended (==)', () => `${t.good}==`],
    ['padding inside the signature', () => `${part(0)}.${part(1)}.${part(2)}=`],
    [
      'a non-canonical final base64 character (same bytes)',
      () => {
        const sig = part(2);
        const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(sig.at(-1)!);
        const variant = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[last + 1]!;
        return `${part(0)}.${part(1)}.${sig.slice(0, -1)}${variant}`;
      },
    ],
    ['whitespace inside the token', () => `${part(0)}.${part(1)} .${part(2)}`],
  ])('refuses %s with the one fixed 401', async (_name, make) => {
    expectRefused(await t.bearer(make()), t.leaks());
  });
});
