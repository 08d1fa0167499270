import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

/** Public JWK as served by `GET /v1/jwks`. */
export interface PublicJwk {
  kid: string;
  kty: 'RSA';
  alg: 'RS256';
  use: 'sig';
  n: string;
  e: string;
}

/**
 * The instance signing key. @clerk/backend's `jwtKey` path strips a hard-coded RSA-2048 SPKI
 * prefix and the `IDAQAB` suffix, so only RSA-2048 with e=65537 is usable.
 */
export interface InstanceKey {
  readonly privateKey: KeyObject;
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly kid: string;
  readonly jwk: PublicJwk;
}

export async function generateInstanceKey(): Promise<InstanceKey> {
  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  return instanceKeyFromPrivateKey(privateKey);
}

/** Rebuilds the key from a PKCS8 PEM (key file), rejecting anything the SDK could not verify. */
export function instanceKeyFromPem(privateKeyPem: string): InstanceKey {
  return instanceKeyFromPrivateKey(createPrivateKey({ key: privateKeyPem, format: 'pem' }));
}

function instanceKeyFromPrivateKey(privateKey: KeyObject): InstanceKey {
  const details = privateKey.asymmetricKeyDetails;
  if (privateKey.asymmetricKeyType !== 'rsa' || details?.modulusLength !== 2048 || details.publicExponent !== 65537n) {
    throw new Error(
      'instance key must be RSA-2048 with public exponent 65537 (the only shape @clerk/backend accepts as jwtKey)',
    );
  }
  const publicKey = createPublicKey(privateKey);
  const kid = deriveKid(publicKey);
  const { n, e } = publicKey.export({ format: 'jwk' });
  if (typeof n !== 'string' || typeof e !== 'string') throw new Error('could not export RSA public key as JWK');
  return {
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    kid,
    jwk: { kid, kty: 'RSA', alg: 'RS256', use: 'sig', n, e },
  };
}

/**
 * The kid is a hash of the public key, so a regenerated key can never reuse a kid
 * (the SDK caches JWKS by kid for 5 minutes and would keep failing otherwise).
 */
function deriveKid(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return 'ins_' + createHash('sha256').update(der).digest('base64url').slice(0, 27);
}
