import { generateKeyPairSync } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { ServiceUnavailableError } from '@stack/contracts';

import { JwksKeySource, SessionRejectedError } from '../../src/index.js';

const rsaJwk = (kid: string, modulusLength = 2048) => ({
  ...generateKeyPairSync('rsa', { modulusLength }).publicKey.export({ format: 'jwk' }),
  kid,
  alg: 'RS256',
  use: 'sig',
});
const keyA = rsaJwk('ins_a');
const keyB = rsaJwk('ins_b');

/** A JWKS endpoint the test scripts: what it answers, how long it takes, how often it was asked. */
function endpoint() {
  const state = {
    calls: 0,
    answer: (): Promise<{ keys: unknown[] }> => Promise.resolve({ keys: [keyA] }),
  };
  return { state, fetchJwks: () => (state.calls++, state.answer()) };
}

describe('JwksKeySource', () => {
  it('fetches once, then serves known kids from memory as PEM', async () => {
    const { state, fetchJwks } = endpoint();
    const keys = new JwksKeySource({ fetchJwks });
    const pem = await keys.keyFor('ins_a');
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    await keys.keyFor('ins_a');
    expect(state.calls).toBe(1);
  });

  it('shares one fetch among concurrent callers (single-flight)', async () => {
    const { state, fetchJwks } = endpoint();
    const keys = new JwksKeySource({ fetchJwks });
    await Promise.all(Array.from({ length: 20 }, () => keys.keyFor('ins_a')));
    expect(state.calls).toBe(1);
  });

  it('refetches for unknown kids at most once per cooldown', async () => {
    let now = 0;
    const { state, fetchJwks } = endpoint();
    const keys = new JwksKeySource({ fetchJwks, unknownKidCooldownMs: 30_000, now: () => now });
    await keys.keyFor('ins_a');
    now = 1000;
    await expect(keys.keyFor('ins_x')).rejects.toBeInstanceOf(SessionRejectedError); // first unknown: may refetch
    for (let i = 0; i < 50; i++) await expect(keys.keyFor(`ins_random_${i}`)).rejects.toThrow('unknown-kid');
    expect(state.calls).toBe(1);
    now = 31_000;
    state.answer = () => Promise.resolve({ keys: [keyA, keyB] });
    expect(await keys.keyFor('ins_b')).toMatch(/PUBLIC KEY/); // a rotated-in key is picked up after the cooldown
    expect(state.calls).toBe(2);
  });

  it('keeps serving the last good keys when a refresh fails', async () => {
    let now = 0;
    const { state, fetchJwks } = endpoint();
    const keys = new JwksKeySource({ fetchJwks, maxAgeMs: 1000, now: () => now });
    await keys.keyFor('ins_a');
    state.answer = () => Promise.reject(new Error('503'));
    now = 5000;
    expect(await keys.keyFor('ins_a')).toMatch(/PUBLIC KEY/);
    await new Promise((r) => setTimeout(r, 0));
    expect(await keys.keyFor('ins_a')).toMatch(/PUBLIC KEY/);
  });

  it('answers 503 (ServiceUnavailableError) when no key was ever obtained, and backs off', async () => {
    let now = 0;
    const { state, fetchJwks } = endpoint();
    state.answer = () => Promise.reject(new Error('down'));
    const keys = new JwksKeySource({ fetchJwks, failureBackoffMs: 2000, now: () => now });
    const error = await keys.keyFor('ins_a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
    await expect(keys.keyFor('ins_a')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(state.calls).toBe(1);
    now = 2500;
    state.answer = () => Promise.resolve({ keys: [keyA] });
    expect(await keys.keyFor('ins_a')).toMatch(/PUBLIC KEY/);
  });

  it('times out a hung fetch', async () => {
    const { state, fetchJwks } = endpoint();
    state.answer = () => new Promise(() => {});
    const keys = new JwksKeySource({ fetchJwks, timeoutMs: 50 });
    await expect(keys.keyFor('ins_a')).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('skips keys Clerk’s PEM loader cannot use and refuses malformed kids', async () => {
    const { state, fetchJwks } = endpoint();
    state.answer = () => Promise.resolve({ keys: [rsaJwk('ins_big', 3072), { kid: 'ins_ec', kty: 'EC' }, keyA, null] });
    const keys = new JwksKeySource({ fetchJwks });
    expect(await keys.keyFor('ins_a')).toMatch(/PUBLIC KEY/);
    await expect(keys.keyFor('ins_big')).rejects.toThrow('unknown-kid');
    for (const kid of [undefined, 42, '', 'x'.repeat(300)]) await expect(keys.keyFor(kid)).rejects.toThrow('bad-kid');
  });

  it('answers 503, not 401, for an unknown kid while the key set may be stale (last fetch failed)', async () => {
    let now = 0;
    const { state, fetchJwks } = endpoint();
    const keys = new JwksKeySource({ fetchJwks, maxAgeMs: 1000, failureBackoffMs: 2000, now: () => now });
    await keys.keyFor('ins_a');
    state.answer = () => Promise.reject(new Error('503'));
    now = 40_000; // past the unknown-kid cooldown: the rotated-in kid triggers a refetch, which fails
    const error = await keys.keyFor('ins_b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).retryAfterSeconds).toBe(2);
    expect(await keys.keyFor('ins_a')).toMatch(/PUBLIC KEY/); // known keys keep working meanwhile
    for (let i = 0; i < 20; i++)
      await expect(keys.keyFor(`ins_random_${i}`)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(state.calls).toBe(2); // the flood waits for the backoff instead of refetching
    now = 42_000; // recovery is retried after the failure backoff, not the 30 s cooldown
    state.answer = () => Promise.resolve({ keys: [keyA, keyB] });
    expect(await keys.keyFor('ins_b')).toMatch(/PUBLIC KEY/);
    await expect(keys.keyFor('ins_random_x')).rejects.toBeInstanceOf(SessionRejectedError); // current again: forged kid → 401
    expect(state.calls).toBe(3);
  });

  it('honours the endpoint’s 429 Retry-After (capped) before fetching again', async () => {
    let now = 0;
    const { state, fetchJwks } = endpoint();
    state.answer = () => Promise.reject(Object.assign(new Error('Too Many Requests'), { status: 429, retryAfter: 7 }));
    const keys = new JwksKeySource({ fetchJwks, failureBackoffMs: 1000, now: () => now });
    const error = (await keys.keyFor('ins_a').catch((e: unknown) => e)) as ServiceUnavailableError;
    expect(error.retryAfterSeconds).toBe(7);
    now = 6_999;
    await expect(keys.keyFor('ins_a')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(state.calls).toBe(1);
    state.answer = () =>
      Promise.reject(Object.assign(new Error('Too Many Requests'), { status: 429, retryAfter: 86_400 }));
    now = 7_000;
    const capped = (await keys.keyFor('ins_a').catch((e: unknown) => e)) as ServiceUnavailableError;
    expect(capped.retryAfterSeconds).toBe(60);
    expect(state.calls).toBe(2);
  });

  it('never lets a JWKS slip in a non-RSA key, a duplicate kid or an endless key list', async () => {
    const { state, fetchJwks } = endpoint();
    const hmac = { kid: 'ins_a', kty: 'oct', k: Buffer.from('secret').toString('base64url'), alg: 'HS256' };
    const imposter = { ...keyB, kid: 'ins_a' };
    const filler = Array.from({ length: 40 }, (_, i) => ({ ...keyB, kid: `ins_fill_${i}` }));
    state.answer = () => Promise.resolve({ keys: [hmac, keyA, imposter, ...filler] });
    const logs: string[] = [];
    const keys = new JwksKeySource({ fetchJwks, log: (m) => logs.push(m) });
    const pem = await keys.keyFor('ins_a');
    const { createPublicKey } = await import('node:crypto');
    expect(createPublicKey(pem).export({ format: 'jwk' }).n).toBe(keyA.n); // the first RSA entry wins
    expect(await keys.keyFor('ins_fill_0')).toMatch(/PUBLIC KEY/);
    await expect(keys.keyFor('ins_fill_39')).rejects.toThrow('unknown-kid');
    expect(logs.join('\n')).toContain('only the first 16');
  });

  it('treats an answer that is not a JWKS (wrong content type → string) as a failed fetch', async () => {
    const { state, fetchJwks } = endpoint();
    state.answer = () => Promise.resolve('{"keys":[]}' as unknown as { keys: unknown[] });
    const keys = new JwksKeySource({ fetchJwks });
    await expect(keys.keyFor('ins_a')).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('is available once a key set is fetched; while none is, one fetch per backoff (readiness)', async () => {
    let now = 0;
    const { state, fetchJwks } = endpoint();
    state.answer = () => Promise.reject(new Error('down'));
    const keys = new JwksKeySource({ fetchJwks, failureBackoffMs: 2000, now: () => now });
    expect(await keys.available()).toBe(false);
    expect(await keys.available()).toBe(false);
    expect(state.calls).toBe(1);
    now = 2000;
    state.answer = () => Promise.resolve({ keys: [keyA] });
    expect(await keys.available()).toBe(true);
    state.answer = () => Promise.reject(new Error('down again'));
    now = 10 * 60_000; // a failed refresh keeps the last good keys: still available
    await keys.keyFor('ins_a');
    expect(await keys.available()).toBe(true);
  });
});
