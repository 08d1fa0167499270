import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { renderEnvFile } from '../src/cli/env-file.js';
import { parseCliArgs } from '../src/cli/parse-cli-args.js';
import { startClerkEmulator } from '../src/index.js';
import { APP_ORIGIN, FapiClient } from './fapi/fapi-client.js';
import { ORG_SEED, SEED } from './helpers.js';

describe('the store file (pnpm dev keeps accounts and signed-in browsers across restarts)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clerk-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps organizations, memberships and invitations; a deleted seeded membership stays deleted', async () => {
    const options = { seed: ORG_SEED, storeFile: join(dir, 'store.json') };
    const first = await startClerkEmulator(options);
    const created = first.organizations.create({ name: 'Kept Co', createdBy: 'user_alan' });
    first.organizations.invite(created.id, { emailAddress: 'ada@example.com', role: 'org:member' });
    first.organizations.removeMember('org_acme', 'user_grace');
    await first.close();

    const second = await startClerkEmulator(options);
    try {
      expect(second.organizations.get('kept-co')).toMatchObject({ id: created.id, createdBy: 'user_alan' });
      expect(second.organizations.getMembership(created.id, 'user_alan')?.role).toBe('org:admin');
      expect(second.organizations.listInvitations({ emailAddress: 'ada@example.com' })).toHaveLength(1);
      expect(second.organizations.getMembership('org_acme', 'user_grace')).toBeUndefined();
      expect(second.organizations.roles.list().map((r) => r.key)).toEqual(['org:admin', 'org:member']);
    } finally {
      await second.close();
    }
  });

  it('keeps users (hashed passwords only), sessions and clients; the seed adds only missing users', async () => {
    const options = {
      seed: SEED,
      allowedOrigins: [APP_ORIGIN],
      keyFile: join(dir, 'instance.json'),
      storeFile: join(dir, 'store.json'),
    };
    const first = await startClerkEmulator(options);
    const browser = new FapiClient(first);
    const sid = await browser.signUp('kept@example.com', 'remember-me-please');
    await first.users.update('user_ada', { firstName: 'Augusta' });
    await first.close();

    expect((await stat(options.storeFile)).mode & 0o777).toBe(0o600);
    const text = await readFile(options.storeFile, 'utf8');
    expect(text).not.toContain('remember-me-please');
    expect(text).not.toContain(browser.cookies.get('__client'));
    expect(text).toContain('scrypt$');

    const second = await startClerkEmulator(options);
    try {
      expect(second.users.list({ emailAddresses: ['ada@example.com'] })).toHaveLength(1);
      expect(second.users.get('user_ada')?.firstName).toBe('Augusta');
      // The same browser cookie still means the same signed-in client.
      const resumed = new FapiClient(second);
      resumed.cookies.set('__client', browser.cookies.get('__client')!);
      const client = (await resumed.get('/v1/client')).body.response;
      expect(client.sessions.map((s: { id: string }) => s.id)).toEqual([sid]);
      expect(second.getSession(sid)?.status).toBe('active');
      await expect(new FapiClient(second).signIn('kept@example.com', 'remember-me-please')).resolves.toMatch(/^sess_/);
    } finally {
      await second.close();
    }
  });

  it('refuses to start on a corrupt store file, naming it', async () => {
    const storeFile = join(dir, 'store.json');
    await writeFile(storeFile, '{"version":1,"users":[{"id":1}],"sessions":[],"clients":[]}');
    await expect(startClerkEmulator({ storeFile })).rejects.toThrow(
      /store file .*store\.json is invalid at users\[0\]\.id/,
    );
    await writeFile(storeFile, '{not json');
    await expect(startClerkEmulator({ storeFile })).rejects.toThrow(/not valid JSON/);
  });

  it('the CLI keeps store.json in its data dir unless --in-memory; the env file carries the web app variables', async () => {
    expect(parseCliArgs([]).inMemory).toBe(false);
    expect(parseCliArgs(['--in-memory']).inMemory).toBe(true);
    const emulator = await startClerkEmulator();
    try {
      const text = renderEnvFile(emulator);
      expect(text).toContain(`CLERK_FAPI_URL=${emulator.url}\n`);
      expect(text).toContain(`NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=${emulator.publishableKey}\n`);
      expect(text).toContain('NEXT_PUBLIC_CLERK_PROXY_URL=/__clerk\n');
      expect(text).toContain('NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED=1\n');
    } finally {
      await emulator.close();
    }
  });
});
