import { createHmac, generateKeyPairSync } from 'node:crypto';

import { signJwt } from '@clerk/backend/jwt';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** An unsigned token with whatever header and payload a test needs. */
export function unsignedToken(header: unknown, payload: unknown, signature = ''): string {
  return `${b64(header)}.${b64(payload)}.${signature}`;
}

/** HS256 "signed" with the instance's public key as the HMAC secret: the classic key-confusion attack. */
export function hmacWithPublicKey(header: Record<string, unknown>, payload: unknown, publicKeyPem: string): string {
  const body = `${b64({ ...header, alg: 'HS256' })}.${b64(payload)}`;
  return `${body}.${createHmac('sha256', publicKeyPem).update(body).digest('base64url')}`;
}

const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
const foreignPem = foreign.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Correctly formed and signed, by a key that is not the instance's. */
export function signWithForeignKey(payload: Record<string, unknown>, header: Record<string, unknown>): Promise<string> {
  return signJwt(payload, foreignPem, { algorithm: 'RS256', header: { typ: 'JWT', ...header } });
}

export function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString()) as Record<string, unknown>;
}

/** Flips one bit of one decoded part and re-encodes it canonically. */
export function flipBit(token: string, part: 0 | 1 | 2, byte: number): string {
  const parts = token.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[byte] = bytes[byte]! ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}
