import { afterEach, describe, expect, it } from 'vitest';

import { SignInLockout } from '../src/fapi/sign-in-lockout.js';
import type { ClerkEmulator, ClerkEmulatorOptions } from '../src/index.js';
import { FapiClient } from './fapi/fapi-client.js';
import { clerkClientFor, startSeeded } from './helpers.js';

const ADA = 'ada@example.com';
const ADA_PASSWORD = 'correct-horse-battery';

const attempt = (fapi: FapiClient, password: string, identifier = ADA) =>
  fapi.post('/v1/client/sign_ins', { identifier, password, strategy: 'password' });

function expectLocked(response: { status: number; body: unknown }, maxSeconds: number): void {
  expect(response.status).toBe(403);
  expect(response.body).toMatchObject({ errors: [{ code: 'user_locked', message: 'Account locked' }] });
  const seconds = (response.body as { errors: [{ meta: { lockout_expires_in_seconds: number } }] }).errors[0].meta
    .lockout_expires_in_seconds;
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(maxSeconds);
}

/** Clerk's user lockout: repeated wrong passwords lock the account for a while. */
describe('sign-in lockout', () => {
  let emulator: ClerkEmulator | undefined;
  afterEach(() => emulator?.close());
  const start = async (options: ClerkEmulatorOptions = {}) => (emulator = await startSeeded(options));

  it('with the defaults, the issue’s attack fails: 200 wrong passwords, then the right one is refused', async () => {
    const fapi = new FapiClient(await start());
    const codes = new Set<string>();
    for (let i = 0; i < 200; i++) codes.add((await attempt(fapi, `guess-${i}`)).body.errors[0].code as string);
    expect(codes).toEqual(new Set(['form_password_incorrect', 'user_locked']));
    expectLocked(await attempt(fapi, ADA_PASSWORD), 3600);
    expect(emulator!.listSessions()).toEqual([]);
  });

  it('locks after N failures (the Nth answers user_locked), refuses even the right password; others unaffected', async () => {
    const emulator = await start({ lockoutMaxAttempts: 3, lockoutDurationSeconds: 120 });
    const fapi = new FapiClient(emulator);
    for (let i = 0; i < 2; i++) {
      const wrong = await attempt(fapi, 'wrong-password');
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors[0].code).toBe('form_password_incorrect');
    }
    expectLocked(await attempt(fapi, 'wrong-password'), 120);
    expectLocked(await attempt(fapi, ADA_PASSWORD), 120);
    // A fresh browser is refused too: the lock is the account's, not the client's.
    expectLocked(await attempt(new FapiClient(emulator), ADA_PASSWORD), 120);
    // The two-step flow and the email code are locked as well.
    const other = new FapiClient(emulator);
    const id = (await other.post('/v1/client/sign_ins', { identifier: ADA })).body.response.id as string;
    const step = `/v1/client/sign_ins/${id}`;
    expectLocked(
      await other.post(`${step}/attempt_first_factor`, { strategy: 'password', password: ADA_PASSWORD }),
      120,
    );
    expect((await other.post(`${step}/prepare_first_factor`, { strategy: 'email_code' })).status).toBe(200);
    expectLocked(
      await other.post(`${step}/attempt_first_factor`, { strategy: 'email_code', code: emulator.verificationCode }),
      120,
    );
    expect(emulator.listSessions()).toEqual([]);
    expect((await new FapiClient(emulator).signIn('grace@example.com', 'another-long-pass')).length).toBeGreaterThan(0);
  });

  it('counts the two-step password attempts and a successful sign-in resets the count', async () => {
    const emulator = await start({ lockoutMaxAttempts: 3 });
    const twoStep = async (password: string) => {
      const fapi = new FapiClient(emulator);
      const created = await fapi.post('/v1/client/sign_ins', { identifier: ADA });
      return fapi.post(`/v1/client/sign_ins/${created.body.response.id}/attempt_first_factor`, {
        strategy: 'password',
        password,
      });
    };
    expect((await twoStep('wrong-1')).status).toBe(422);
    expect((await twoStep('wrong-2')).status).toBe(422);
    expect((await twoStep(ADA_PASSWORD)).status).toBe(200); // resets
    expect((await twoStep('wrong-3')).status).toBe(422);
    expect((await twoStep('wrong-4')).status).toBe(422);
    expectLocked(await twoStep('wrong-5'), 3600);
    expectLocked(await twoStep(ADA_PASSWORD), 3600);
  });

  it('the Backend API reports the lock: locked true with the seconds left, false for others', async () => {
    const emulator = await start({ lockoutMaxAttempts: 2, lockoutDurationSeconds: 90 });
    const clerk = clerkClientFor(emulator);
    expect((await clerk.users.getUser('user_ada')).locked).toBe(false);
    const fapi = new FapiClient(emulator);
    await attempt(fapi, 'wrong-1');
    expect((await clerk.users.getUser('user_ada')).locked).toBe(false);
    expectLocked(await attempt(fapi, 'wrong-2'), 90);
    const locked = await clerk.users.getUser('user_ada');
    expect(locked.locked).toBe(true);
    const raw = locked.raw as unknown as {
      lockout_expires_in_seconds: number;
      verification_attempts_remaining: number;
    };
    expect(raw.lockout_expires_in_seconds).toBeGreaterThan(0);
    expect(raw.lockout_expires_in_seconds).toBeLessThanOrEqual(90);
    expect(raw.verification_attempts_remaining).toBe(0);
    expect((await clerk.users.getUserList({ userId: ['user_ada'] })).data[0]!.locked).toBe(true);
    expect((await clerk.users.getUser('user_grace')).locked).toBe(false);
  });

  it('refuses bad lockout options', async () => {
    await expect(startSeeded({ lockoutMaxAttempts: 0 })).rejects.toThrow(/lockoutMaxAttempts/);
    await expect(startSeeded({ lockoutDurationSeconds: 1.5 })).rejects.toThrow(/lockoutDurationSeconds/);
  });
});

describe('SignInLockout', () => {
  it('expires the lock after its duration, and the account starts over', () => {
    let now = 0;
    const lockout = new SignInLockout({ maxAttempts: 2, durationSeconds: 60, maxTracked: 10, now: () => now });
    expect(lockout.recordFailure('a')).toBeUndefined();
    expect(lockout.recordFailure('a')).toBe(60);
    now = 59_500;
    expect(lockout.lockedForSeconds('a')).toBe(1);
    now = 60_000;
    expect(lockout.lockedForSeconds('a')).toBeUndefined();
    expect(lockout.recordFailure('a')).toBeUndefined(); // a fresh count
  });

  it('stays within its bound, forgetting unlocked accounts before locked ones', () => {
    const lockout = new SignInLockout({ maxAttempts: 2, durationSeconds: 60, maxTracked: 3, now: () => 0 });
    lockout.recordFailure('locked');
    lockout.recordFailure('locked');
    for (let i = 0; i < 100; i++) lockout.recordFailure(`other-${i}`);
    expect(lockout.size).toBe(3);
    expect(lockout.lockedForSeconds('locked')).toBe(60);
  });
});
