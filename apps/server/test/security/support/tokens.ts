import { constants, createHmac, createSign, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** An unsigned token with whatever header and payload a test needs. */
export function unsignedToken(header: unknown, payload: unknown, signature = ''): string {
  return `${b64(header)}.${b64(payload)}.${signature}`;
}

/** A token from raw header/payload JSON text (e.g. with duplicate keys), keeping `signature`. */
export function rawToken(headerJson: string, payloadJson: string, signature: string): string {
  return `${b64(headerJson)}.${b64(payloadJson)}.${signature}`;
}

/** HS* "signed" with `secret` (e.g. the instance's public key): the classic key-confusion attack. */
export function hmacToken(
  header: Record<string, unknown>,
  payload: unknown,
  secret: string | Buffer,
  alg = 'HS256',
): string {
  const body = `${b64({ ...header, alg })}.${b64(payload)}`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${body}.${createHmac(hash, secret).update(body).digest('base64url')}`;
}

/** Keys that are not the instance's: what an attacker can sign with. */
export const foreignKeys = {
  rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  ed: generateKeyPairSync('ed25519'),
};

/** A correctly formed JWS over `header` and `payload`, signed by `key` with the named algorithm. */
export function signWith(
  alg: 'RS256' | 'RS512' | 'PS256' | 'ES256' | 'EdDSA',
  key: KeyObject,
  header: Record<string, unknown>,
  payload: unknown,
): string {
  const body = `${b64({ typ: 'JWT', ...header, alg })}.${b64(payload)}`;
  const data = Buffer.from(body);
  let signature: Buffer;
  if (alg === 'RS256' || alg === 'RS512')
    signature = createSign(alg === 'RS256' ? 'RSA-SHA256' : 'RSA-SHA512')
      .update(data)
      .sign(key);
  else if (alg === 'PS256')
    signature = sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  else if (alg === 'ES256') signature = sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
  else signature = sign(null, data, key);
  return `${body}.${signature.toString('base64url')}`;
}

/** Signed by a foreign RSA key, RS256, with whatever header fields (e.g. the instance's kid). */
export function signWithForeignKey(payload: Record<string, unknown>, header: Record<string, unknown>): string {
  return signWith('RS256', foreignKeys.rsa.privateKey, header, payload);
}

export function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString()) as Record<string, unknown>;
}

/** Replaces one part of a token with the canonical encoding of `value` (JSON or raw bytes). */
export function replacePart(token: string, index: 0 | 1 | 2, value: unknown): string {
  const parts = token.split('.');
  parts[index] = Buffer.isBuffer(value) ? value.toString('base64url') : b64(value);
  return parts.join('.');
}

/** Flips one bit of one decoded part and re-encodes it canonically. */
export function flipBit(token: string, part: 0 | 1 | 2, byte: number): string {
  const parts = token.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  const at = byte < 0 ? bytes.length + byte : byte;
  bytes[at] = bytes[at]! ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}
