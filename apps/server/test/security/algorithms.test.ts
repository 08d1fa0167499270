import { describe, it } from 'vitest';

import type { VerificationMode } from '../support/start-server.js';
import { useBattery } from './support/battery.js';
import { expectRefused } from './support/expect.js';
import { foreignKeys, hmacToken, rawToken, signWith, unsignedToken } from './support/tokens.js';

describe.each<VerificationMode>(['jwks', 'jwt-key'])('algorithms (%s mode)', (mode) => {
  const t = useBattery(mode);
  const signature = () => t.good.split('.')[2]!;
  const publicPem = () => t.stack.emulator.publicKeyPem;

  it.each<[string, () => string | Promise<string>]>([
    ['alg none, unsigned', () => unsignedToken({ ...t.header(), alg: 'none' }, t.claims())],
    [
      'alg none, keeping the real signature',
      () => unsignedToken({ ...t.header(), alg: 'none' }, t.claims(), signature()),
    ],
    ['alg NoNe', () => unsignedToken({ ...t.header(), alg: 'NoNe' }, t.claims())],
    ['alg NONE', () => unsignedToken({ ...t.header(), alg: 'NONE' }, t.claims())],
    ['alg "none " (trailing space)', () => unsignedToken({ ...t.header(), alg: 'none ' }, t.claims())],
    ['alg missing', () => unsignedToken({ kid: t.header()['kid'], typ: 'JWT' }, t.claims(), signature())],
    ['alg empty', () => unsignedToken({ ...t.header(), alg: '' }, t.claims(), signature())],
    ['alg as an array', () => unsignedToken({ ...t.header(), alg: ['RS256'] }, t.claims(), signature())],
    ['alg lowercase rs256', () => unsignedToken({ ...t.header(), alg: 'rs256' }, t.claims(), signature())],
    ['HS256 keyed with the instance public key (PEM)', () => hmacToken(t.header(), t.claims(), publicPem())],
    [
      'HS256 keyed with the PEM without its final newline',
      () => hmacToken(t.header(), t.claims(), publicPem().trimEnd()),
    ],
    ['HS384 keyed with the instance public key', () => hmacToken(t.header(), t.claims(), publicPem(), 'HS384')],
    ['HS512 keyed with the instance public key', () => hmacToken(t.header(), t.claims(), publicPem(), 'HS512')],
    ['HS256 keyed with the empty string', () => hmacToken(t.header(), t.claims(), '')],
    [
      'ES256 header on the real RS256 signature',
      () => unsignedToken({ ...t.header(), alg: 'ES256' }, t.claims(), signature()),
    ],
    [
      'RS512 header on the real RS256 signature',
      () => unsignedToken({ ...t.header(), alg: 'RS512' }, t.claims(), signature()),
    ],
    [
      'PS256 header on the real RS256 signature',
      () => unsignedToken({ ...t.header(), alg: 'PS256' }, t.claims(), signature()),
    ],
    ['PS256 signed by a foreign RSA key', () => signWith('PS256', foreignKeys.rsa.privateKey, t.header(), t.claims())],
    ['ES256 signed by a foreign EC key', () => signWith('ES256', foreignKeys.ec.privateKey, t.header(), t.claims())],
    [
      'EdDSA signed by a foreign Ed25519 key',
      () => signWith('EdDSA', foreignKeys.ed.privateKey, t.header(), t.claims()),
    ],
    ['RS512 signed by a foreign RSA key', () => signWith('RS512', foreignKeys.rsa.privateKey, t.header(), t.claims())],
    [
      'duplicate alg members (none last)',
      () =>
        rawToken(
          `{"alg":"RS256","alg":"none","kid":${JSON.stringify(t.header()['kid'])}}`,
          JSON.stringify(t.claims()),
          '',
        ),
    ],
    [
      'duplicate alg members (RS256 last) over an HMAC signature',
      () => {
        const forged = hmacToken(t.header(), t.claims(), publicPem()).split('.');
        const header = `{"alg":"HS256","alg":"RS256","kid":${JSON.stringify(t.header()['kid'])},"typ":"JWT"}`;
        return rawToken(header, Buffer.from(forged[1]!, 'base64url').toString(), forged[2]!);
      },
    ],
    [
      'an RS512 header over an RS256 signature by the instance key (header and signature disagree)',
      () => t.sign(t.claims(), { alg: 'RS512' }),
    ],
  ])('refuses %s with the one fixed 401', async (_name, make) => {
    expectRefused(await t.bearer(await make()), t.leaks());
  });
});
