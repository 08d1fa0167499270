import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { verifyToken } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startClerkEmulator } from '../src/index.js';
import { bapi, SEED } from './helpers.js';

describe('instance key persistence and rotation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clerk-emulator-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keyFile is created with mode 0600 and reused across restarts', async () => {
    const keyFile = join(dir, 'nested', 'instance.json');
    const first = await startClerkEmulator({ keyFile, seed: SEED });
    const token = await first.mintSessionToken({ userId: 'user_ada', expiresInSeconds: 3600 });
    const identity = { kid: first.kid, secretKey: first.secretKey, pem: first.publicKeyPem };
    await first.close();

    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(keyFile, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ version: 1, secretKey: identity.secretKey });
    expect(saved['privateKeyPem']).toContain('BEGIN PRIVATE KEY');

    const second = await startClerkEmulator({ keyFile, seed: SEED });
    try {
      expect(second.kid).toBe(identity.kid);
      expect(second.secretKey).toBe(identity.secretKey);
      expect(second.publicKeyPem).toBe(identity.pem);
      // A token from the previous run still verifies, with the key and via JWKS.
      expect((await verifyToken(token, { jwtKey: second.publicKeyPem })).sub).toBe('user_ada');
      expect(
        (await verifyToken(token, { secretKey: second.secretKey, apiUrl: second.url, skipJwksCache: true })).sub,
      ).toBe('user_ada');
    } finally {
      await second.close();
    }
  });

  it('without keyFile every start gets a fresh key and secret', async () => {
    const a = await startClerkEmulator();
    const b = await startClerkEmulator();
    try {
      expect(a.kid).not.toBe(b.kid);
      expect(a.secretKey).not.toBe(b.secretKey);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('rotateKey serves only the new kid; old tokens fail after a JWKS refresh; the rotation is persisted', async () => {
    const keyFile = join(dir, 'rotate.json');
    const emulator = await startClerkEmulator({ keyFile, seed: SEED });
    try {
      const oldKid = emulator.kid;
      const oldPem = emulator.publicKeyPem;
      const oldToken = await emulator.mintSessionToken({ userId: 'user_ada' });
      const opts = { secretKey: emulator.secretKey, apiUrl: emulator.url };
      expect((await verifyToken(oldToken, opts)).sub).toBe('user_ada');

      await emulator.rotateKey();
      expect(emulator.kid).not.toBe(oldKid);
      expect(emulator.kid).toMatch(/^ins_[A-Za-z0-9_-]{27}$/);
      expect(emulator.publicKeyPem).not.toBe(oldPem);
      const jwks = (await (await bapi(emulator, '/v1/jwks')).json()) as { keys: Array<{ kid: string }> };
      expect(jwks.keys.map((k) => k.kid)).toEqual([emulator.kid]);

      // SDK quirk: its JWKS cache only ever adds kids (until the 5-minute TTL clears it), so a
      // process that cached the old key keeps accepting old tokens even after a refetch…
      expect((await verifyToken(oldToken, { ...opts, skipJwksCache: true })).sub).toBe('user_ada');
      // …whereas a fresh cache (another scope: apiUrl|version|secret) only sees the new key.
      const fresh = { secretKey: emulator.secretKey, apiUrl: emulator.url + '/' };
      await expect(verifyToken(oldToken, fresh)).rejects.toMatchObject({ reason: 'jwk-kid-mismatch' });
      await expect(verifyToken(oldToken, { jwtKey: emulator.publicKeyPem })).rejects.toMatchObject({
        reason: 'token-invalid-signature',
      });
      const newToken = await emulator.mintSessionToken({ userId: 'user_ada' });
      // The new kid is unknown to the SDK's JWKS cache, which forces a refetch.
      expect((await verifyToken(newToken, opts)).sub).toBe('user_ada');

      const saved = JSON.parse(await readFile(keyFile, 'utf8')) as { secretKey: string };
      expect(saved.secretKey).toBe(emulator.secretKey);
      const restarted = await startClerkEmulator({ keyFile });
      expect(restarted.kid).toBe(emulator.kid);
      await restarted.close();
    } finally {
      await emulator.close();
    }
  });

  it('refuses a corrupt key file instead of silently replacing it', async () => {
    const keyFile = join(dir, 'corrupt.json');
    await writeFile(keyFile, '{"version":1,"secretKey":"nope"}');
    await expect(startClerkEmulator({ keyFile })).rejects.toThrow(/secretKey/);
    await writeFile(keyFile, 'not json');
    await expect(startClerkEmulator({ keyFile })).rejects.toThrow(/not valid JSON/);
    expect(await readFile(keyFile, 'utf8')).toBe('not json');
  });
});
