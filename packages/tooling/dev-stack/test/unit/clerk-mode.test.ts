import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { chooseClerkMode, ClerkModeError } from '../../src/clerk-mode.js';
import { loadLocalEnv } from '../../src/local-env.js';

const PK = 'pk_test_Y2xlcmsuZXhhbXBsZS5jb20k'; // clerk.example.com
const SK = 'sk_test_abc123';

const failure = (env: Record<string, string>) => {
  try {
    chooseClerkMode(env, false);
  } catch (error) {
    if (error instanceof ClerkModeError) return error.message;
    throw error;
  }
  throw new Error('no error');
};

describe('which Clerk pnpm dev uses', () => {
  it('the emulator without keys, or when asked for', () => {
    expect(chooseClerkMode({}, false)).toEqual({ kind: 'emulator' });
    expect(chooseClerkMode({ CLERK_SECRET_KEY: SK, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PK }, true)).toEqual({
      kind: 'emulator',
    });
  });

  it('your instance with both keys (the publishable one under either name)', () => {
    expect(chooseClerkMode({ CLERK_SECRET_KEY: SK, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PK }, false)).toEqual({
      kind: 'real',
      secretKey: SK,
      publishableKey: PK,
      frontendApi: 'clerk.example.com',
    });
    expect(chooseClerkMode({ CLERK_SECRET_KEY: SK, CLERK_PUBLISHABLE_KEY: PK }, false)).toMatchObject({ kind: 'real' });
  });

  it('stops on half a configuration, naming what is missing or wrong, never a value', () => {
    expect(failure({ CLERK_SECRET_KEY: SK })).toMatch(/NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: is required/);
    expect(failure({ NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PK })).toMatch(/CLERK_SECRET_KEY: is required/);
    const wrong = failure({ CLERK_SECRET_KEY: 'pk_oops', NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'nonsense' });
    expect(wrong).toMatch(/CLERK_SECRET_KEY: must be a Clerk secret key/);
    expect(wrong).toMatch(/NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: must be a Clerk publishable key/);
    expect(wrong).not.toContain('nonsense');
    expect(
      failure({ CLERK_SECRET_KEY: SK, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PK, CLERK_PUBLISHABLE_KEY: 'pk_live_other' }),
    ).toMatch(/CLERK_PUBLISHABLE_KEY: differs/);
  });
});

describe('.env.local', () => {
  it('fills what the environment does not set, and says which names it supplied', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dev-env-')), '.env.local');
    writeFileSync(file, `CLERK_SECRET_KEY=${SK}\nNEXT_PUBLIC_CLERK_PUBLISHABLE_KEY="${PK}"\nAPI_PORT=4100\n`);
    const env: Record<string, string | undefined> = { API_PORT: '4200' };
    expect(loadLocalEnv(file, env).sort()).toEqual(['CLERK_SECRET_KEY', 'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY']);
    expect(env).toEqual({ API_PORT: '4200', CLERK_SECRET_KEY: SK, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PK });
    expect(loadLocalEnv(path.join(path.dirname(file), 'missing'), env)).toEqual([]);
  });
});
