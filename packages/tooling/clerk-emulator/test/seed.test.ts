import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadSeedFile, parseSeed, SeedValidationError, startClerkEmulator } from '../src/index.js';
import { ORG_SEED } from './helpers.js';

function issuesOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof SeedValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a SeedValidationError');
}

describe('seed validation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clerk-seed-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('the development seed is valid and has Ada, Grace and Alan with their organizations', async () => {
    const seed = parseSeed(ORG_SEED);
    expect(seed.users.map((u) => u.email)).toEqual(['ada@example.com', 'grace@example.com', 'alan@example.com']);
    expect(seed.roles?.map((r) => r.key)).toEqual(['org:admin', 'org:member']);
    const emulator = await startClerkEmulator({ seed: ORG_SEED });
    try {
      const ada = emulator.users.findByEmail('ada@example.com')!;
      expect(ada).toMatchObject({ id: 'user_ada', firstName: 'Ada' });
      expect(await emulator.users.verifyPassword(ada.id, 'correct-horse-battery')).toBe(true);
      const grace = emulator.users.findByEmail('grace@example.com')!;
      expect(await emulator.users.verifyPassword(grace.id, 'another-long-pass')).toBe(true);
      const roles = (userId: string) =>
        emulator.organizations.listMemberships({ userId }).map((m) => [m.organizationId, m.role]);
      expect(roles('user_ada')).toEqual([['org_acme', 'org:admin']]);
      expect(roles('user_grace')).toEqual([
        ['org_acme', 'org:member'],
        ['org_globex', 'org:admin'],
      ]);
      expect(roles('user_alan')).toEqual([]);
    } finally {
      await emulator.close();
    }
  });

  it('rejects memberships naming an unknown organization or role', () => {
    const joined = issuesOf(() =>
      parseSeed({
        organizations: [{ id: 'org_a', name: 'A', slug: 'a' }],
        users: [
          {
            email: 'x@example.com',
            password: 'long-enough',
            memberships: [
              { organization: 'org_missing', role: 'org:admin' },
              { organization: 'a', role: 'org:owner' },
            ],
          },
        ],
      }),
    ).join('\n');
    expect(joined).toContain('users[0].memberships[0].organization');
    expect(joined).toContain('users[0].memberships[1].role');
    expect(
      issuesOf(() =>
        parseSeed({ roles: [{ key: 'org:x', name: 'X', permissions: ['org:sys_profile:manage'] }], users: [] }),
      ).join(),
    ).toContain('roles[0].permissions[0]');
  });

  it('names each bad field', () => {
    const issues = issuesOf(() =>
      parseSeed({
        users: [
          { email: 'ok@example.com', password: 'long-enough' },
          {
            email: 'not-an-email',
            password: 'short',
            firstName: 7,
            organization: { id: 'acme', slug: 'Acme!', role: 'admin', permissions: ['reports:read'] },
          },
        ],
      }),
    );
    const joined = issues.join('\n');
    expect(joined).toContain('users[1].email');
    expect(joined).toContain('users[1].password');
    expect(joined).toContain('users[1].firstName');
    expect(joined).toContain('users[1].organization.id');
    expect(joined).toContain('users[1].organization.slug');
    expect(joined).toContain('users[1].organization.permissions[0]');
    expect(joined).not.toContain('users[0]');
  });

  it('reports unknown keys, duplicates and a missing users array', () => {
    expect(
      issuesOf(() => parseSeed({ users: [{ email: 'a@example.com', password: 'long-enough', pasword: 'x' }] })).join(),
    ).toMatch(/users\[0\].*pasword/);
    const dupes = issuesOf(() =>
      parseSeed({
        users: [
          { id: 'user_a', email: 'a@example.com', password: 'long-enough' },
          { id: 'user_a', email: 'A@example.com', password: 'long-enough' },
        ],
      }),
    ).join('\n');
    expect(dupes).toContain('users[1].id: duplicate user id user_a');
    expect(dupes).toContain('users[1].email: duplicate email');
    expect(issuesOf(() => parseSeed({})).join()).toContain('users');
    expect(issuesOf(() => parseSeed(null)).join()).toContain('(root)');
  });

  it('loadSeedFile reports unreadable files and bad JSON with the path', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{ "users": [ ');
    await expect(loadSeedFile(bad)).rejects.toThrow(/bad\.json[\s\S]*not valid JSON/);
    await expect(loadSeedFile(join(dir, 'missing.json'))).rejects.toThrow(/cannot read file/);
    const invalid = join(dir, 'invalid.json');
    await writeFile(invalid, JSON.stringify({ users: [{ email: 'x', password: 'long-enough' }] }));
    await expect(loadSeedFile(invalid)).rejects.toThrow(/users\[0\]\.email/);
    // And startClerkEmulator refuses to start with it.
    await expect(startClerkEmulator({ seed: invalid })).rejects.toBeInstanceOf(SeedValidationError);
  });

  it('rejects bad options early', async () => {
    await expect(startClerkEmulator({ frontendApiHost: 'localhost' })).rejects.toThrow(/frontendApiHost/);
    await expect(startClerkEmulator({ port: 70000 })).rejects.toThrow(/port/);
    await expect(startClerkEmulator({ tokenLifetimeSeconds: 0 })).rejects.toThrow(/tokenLifetimeSeconds/);
  });

  it('custom frontendApiHost and tokenLifetimeSeconds flow into keys and tokens', async () => {
    const emulator = await startClerkEmulator({
      frontendApiHost: 'auth.example.test',
      tokenLifetimeSeconds: 300,
      seed: { users: [{ email: 'a@example.com', password: 'long-enough' }] },
    });
    try {
      expect(emulator.issuer).toBe('https://auth.example.test');
      expect(Buffer.from(emulator.publishableKey.slice('pk_live_'.length), 'base64').toString()).toBe(
        'auth.example.test$',
      );
      const user = emulator.users.findByEmail('a@example.com')!;
      expect(user.id).toMatch(/^user_[A-Za-z0-9]{27}$/);
      const token = await emulator.mintSessionToken({ userId: user.id });
      const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
        iat: number;
        exp: number;
        iss: string;
      };
      expect(payload.exp - payload.iat).toBe(300);
      expect(payload.iss).toBe('https://auth.example.test');
    } finally {
      await emulator.close();
    }
  });
});
