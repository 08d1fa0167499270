import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { VerificationMode } from '../support/start-server.js';
import { useBattery } from './support/battery.js';
import { type Canary, startCanary } from './support/canary.js';
import { expectRefused } from './support/expect.js';
import { foreignKeys, signWithForeignKey } from './support/tokens.js';

const foreignJwk = {
  ...foreignKeys.rsa.publicKey.export({ format: 'jwk' }),
  kid: 'canary-kid',
  alg: 'RS256',
  use: 'sig',
};
const foreignSpki = foreignKeys.rsa.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

describe.each<VerificationMode>(['jwks', 'jwt-key'])('keys and headers (%s mode)', (mode) => {
  const t = useBattery(mode);
  let canary: Canary;
  beforeAll(async () => {
    canary = await startCanary({ keys: [foreignJwk] });
  });
  afterAll(() => canary?.close());

  const forged = (header: Record<string, unknown>) => signWithForeignKey(t.claims(), { ...t.header(), ...header });

  it.each<[string, () => Record<string, unknown>]>([
    ['a foreign key presenting the instance kid', () => ({})],
    ['a foreign key with its own kid', () => ({ kid: 'canary-kid' })],
    ['a foreign key without any kid', () => ({ kid: undefined })],
    ['its own public key embedded as `jwk`', () => ({ kid: 'canary-kid', jwk: foreignJwk })],
    ['`jku` pointing at an attacker’s JWKS', () => ({ kid: 'canary-kid', jku: `${canary.url}/.well-known/jwks.json` })],
    ['`x5u` pointing at an attacker’s certificate', () => ({ kid: 'canary-kid', x5u: `${canary.url}/cert.pem` })],
    ['`x5c` carrying its own key', () => ({ kid: 'canary-kid', x5c: [foreignSpki] })],
    ['`jku` plus the instance kid', () => ({ jku: `${canary.url}/jwks.json` })],
  ])('refuses %s with the one fixed 401 and contacts nothing', async (_name, header) => {
    expectRefused(await t.bearer(forged(header())), t.leaks());
    expect(canary.hits).toBe(0);
  });

  // Signed with the instance key, so only the kid can make these fail. In CLERK_JWT_KEY mode the
  // one static key verifies whatever the kid says, so these mean something in JWKS mode only.
  const hostileKids: [string, unknown][] = [
    ['path traversal', '../../../../etc/passwd'],
    ['SQL', "' OR '1'='1"],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['hasOwnProperty', 'hasOwnProperty'],
    ['CRLF injection', 'ins_a\r\nX-Injected: 1'],
    ['NUL bytes', 'ins_\u0000a'],
    ['300 characters', `ins_${'x'.repeat(296)}`],
    ['empty string', ''],
    ['a number', 42],
    ['null', null],
    ['an object', { $ne: null }],
    ['an array of kids', ['ins_a', 'ins_b']],
    ['a URL', 'http://127.0.0.1:1/key'],
  ];
  if (mode === 'jwks') {
    it.each(hostileKids)('refuses a hostile kid (%s) with the one fixed 401', async (_name, kid) => {
      expectRefused(await t.bearer(await t.sign(t.claims(), { kid })), t.leaks());
      expect(canary.hits).toBe(0);
    });
  } else {
    it('verifies with the configured key alone: a genuine signature passes whatever the kid', async () => {
      for (const [, kid] of hostileKids) expect((await t.bearer(await t.sign(t.claims(), { kid }))).status).toBe(200);
    });
  }

  it('a genuinely signed token carrying `jku`/`x5u` is verified with the instance key alone; the URLs are never fetched', async () => {
    const token = await t.sign(t.claims(), { jku: `${canary.url}/jwks.json`, x5u: `${canary.url}/cert.pem` });
    expect((await t.bearer(token)).status).toBe(200);
    expect(canary.hits).toBe(0);
  });

  it(
    mode === 'jwks'
      ? 'fetches the JWKS at most once for a flood of hostile kids'
      : 'never fetches the JWKS, whatever the kid',
    async () => {
      t.stack.emulator.stats.reset();
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => t.bearer(forged({ kid: `ins_flood_${i}` }))),
      );
      expect(results.map((r) => r.status)).toEqual(Array(40).fill(401));
      expect(t.stack.emulator.stats.count('jwks')).toBeLessThanOrEqual(mode === 'jwks' ? 1 : 0);
      expect(canary.hits).toBe(0);
    },
  );
});
