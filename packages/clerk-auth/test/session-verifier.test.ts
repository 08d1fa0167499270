import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';

import {
  issuerFromPublishableKey,
  type KeySource,
  RequestAuthenticator,
  SessionRejectedError,
  SessionVerifier,
  StaticKeySource,
} from '../src/index.js';

const WEB = 'http://localhost:3000';

/** The instance key, counting how often verification needed it (i.e. missed the cache). */
class CountingKeys implements KeySource {
  lookups = 0;
  constructor(private readonly inner: KeySource) {}
  keyFor(kid: unknown): Promise<string> {
    this.lookups++;
    return this.inner.keyFor(kid);
  }
  available(): Promise<boolean> {
    return this.inner.available();
  }
}

describe('SessionVerifier (real @clerk/backend against the emulator)', () => {
  let emulator: ClerkEmulator;
  let userId: string;
  beforeAll(async () => {
    emulator = await startClerkEmulator({
      seed: {
        users: [
          {
            email: 'ada@example.com',
            password: 'correct-horse-battery',
            organization: { id: 'org_1', slug: 'acme', role: 'admin', permissions: ['org:reports:read'] },
          },
        ],
      },
    });
    userId = emulator.users.findByEmail('ada@example.com')!.id;
  });
  afterAll(() => emulator?.close());

  const verifier = (now?: () => number) => {
    const keys = new CountingKeys(new StaticKeySource(emulator.publicKeyPem));
    const options = { keys, issuer: issuerFromPublishableKey(emulator.publishableKey), authorizedParties: [WEB] };
    return { keys, verifier: new SessionVerifier(now ? { ...options, now } : options) };
  };

  it('derives the issuer from the publishable key', () => {
    expect(issuerFromPublishableKey(emulator.publishableKey)).toBe(emulator.issuer);
    expect(() => issuerFromPublishableKey('pk_live_garbage')).toThrow();
  });

  it('turns a session token into a plain AuthState, org claims included', async () => {
    const token = await emulator.mintSessionToken({ userId, azp: WEB });
    expect(await verifier().verifier.verify(token)).toEqual({
      userId,
      sessionId: expect.stringMatching(/^sess_/),
      orgId: 'org_1',
      orgSlug: 'acme',
      orgRole: 'org:admin',
      orgPermissions: ['org:reports:read'],
    });
  });

  it('verifies each token once and serves repeats from memory until it expires', async () => {
    let now = Date.now();
    const { keys, verifier: v } = verifier(() => now);
    const token = await emulator.mintSessionToken({ userId, azp: WEB, expiresInSeconds: 60 });
    for (let i = 0; i < 10; i++) await v.verify(token);
    expect(keys.lookups).toBe(1);
    expect(v.cachedSessions).toBe(1);
    now += 61_000; // past exp: the entry is gone and the token is verified again
    await v.verify(token);
    expect(keys.lookups).toBe(2);
  });

  it('never lets a differently spelled variant hit the cache entry of a verified token', async () => {
    const { verifier: v } = verifier();
    const token = await emulator.mintSessionToken({ userId, azp: WEB });
    await v.verify(token);
    const variants = [`${token}=`, ` ${token}`, token.replace(/\.([^.]*)$/, '.$1A')];
    for (const variant of variants) await expect(v.verify(variant)).rejects.toBeInstanceOf(SessionRejectedError);
  });

  it('does not cache refusals as successes', async () => {
    const { verifier: v } = verifier();
    const foreign = await emulator.mintSessionToken({ userId, azp: 'https://evil.example' });
    await expect(v.verify(foreign)).rejects.toThrow('token-invalid-authorized-parties');
    await expect(v.verify(foreign)).rejects.toThrow('token-invalid-authorized-parties');
    expect(v.cachedSessions).toBe(0);
  });

  it('answers from memory only what needs no verification, exactly as authenticate() would', async () => {
    let now = Date.now();
    const { keys, verifier: v } = verifier(() => now);
    const authenticator = new RequestAuthenticator(v, [WEB]);
    const token = await emulator.mintSessionToken({ userId, azp: WEB, expiresInSeconds: 60 });
    const bearer = { method: 'POST', headers: { authorization: `Bearer ${token}` } };
    const foreignCookie = { method: 'POST', headers: { cookie: `__session=${token}`, origin: 'https://evil.example' } };

    expect(authenticator.answerFromMemory({ headers: {} })).toEqual({ status: 'signed-out' });
    expect(authenticator.answerFromMemory({ headers: { authorization: 'Basic eDp5' } })).toEqual({
      status: 'rejected',
      reason: 'authorization-not-bearer',
    });
    expect(authenticator.answerFromMemory(bearer)).toBeUndefined(); // never verified: needs the key
    expect(keys.lookups).toBe(0);

    const verified = await authenticator.authenticate(bearer);
    expect(verified).toMatchObject({ status: 'signed-in', auth: { userId }, transport: 'bearer' });
    expect(authenticator.answerFromMemory(bearer)).toEqual(verified);
    // The same token from memory still gets the checks that are not about the token itself.
    expect(authenticator.answerFromMemory(foreignCookie)).toEqual(await authenticator.authenticate(foreignCookie));
    expect(authenticator.answerFromMemory(foreignCookie)).toEqual({
      status: 'forbidden',
      reason: 'cross-site-cookie-write',
    });
    expect(keys.lookups).toBe(1);

    now += 61_000; // past exp in the cache's clock: memory has nothing to say, authenticate() verifies again
    expect(authenticator.answerFromMemory(bearer)).toBeUndefined();
    await authenticator.authenticate(bearer);
    expect(keys.lookups).toBe(2);
  });

  it('refuses to run without authorized parties (Clerk would skip the azp check)', () => {
    expect(
      () =>
        new SessionVerifier({
          keys: new StaticKeySource(emulator.publicKeyPem),
          issuer: emulator.issuer,
          authorizedParties: [],
        }),
    ).toThrow();
  });
});
