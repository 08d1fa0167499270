import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { clerkEnv, startClerkEmulator } from '../src/index.js';
import { SEED } from './helpers.js';

const WHSEC = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

describe('webhook signing secret', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clerk-whsec-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is whsec_ + base64 of 24 random bytes, kept in the instance file across restarts', async () => {
    const keyFile = join(dir, 'instance.json');
    const first = await startClerkEmulator({ keyFile, seed: SEED });
    const secret = first.webhooks.secret;
    await first.close();
    expect(secret).toMatch(WHSEC);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
    expect(JSON.parse(await readFile(keyFile, 'utf8'))).toMatchObject({ webhookSecret: secret });

    const second = await startClerkEmulator({ keyFile, seed: SEED });
    try {
      expect(second.webhooks.secret).toBe(secret);
    } finally {
      await second.close();
    }
  });

  it('an instance file from before webhooks gets a secret added, keeping its keys', async () => {
    const keyFile = join(dir, 'old.json');
    const first = await startClerkEmulator({ keyFile });
    await first.close();
    const { webhookSecret: _dropped, ...old } = JSON.parse(await readFile(keyFile, 'utf8')) as Record<string, unknown>;
    await writeFile(keyFile, JSON.stringify(old), { mode: 0o600 });
    const second = await startClerkEmulator({ keyFile });
    try {
      expect(second.secretKey).toBe(old['secretKey']);
      expect(second.webhooks.secret).toMatch(WHSEC);
      expect(JSON.parse(await readFile(keyFile, 'utf8'))).toMatchObject({
        secretKey: old['secretKey'],
        webhookSecret: second.webhooks.secret,
      });
    } finally {
      await second.close();
    }
  });

  it('a corrupt persisted secret is an error naming the field', async () => {
    const keyFile = join(dir, 'bad.json');
    const first = await startClerkEmulator({ keyFile });
    await first.close();
    const saved = JSON.parse(await readFile(keyFile, 'utf8')) as Record<string, unknown>;
    await writeFile(keyFile, JSON.stringify({ ...saved, webhookSecret: 'whsec_short' }), { mode: 0o600 });
    await expect(startClerkEmulator({ keyFile })).rejects.toThrow(/webhookSecret/);
  });

  it('can be set (a dev stack hands the same secret to the server) and is validated', async () => {
    const secret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    const emulator = await startClerkEmulator({ webhooks: { secret, endpoints: ['http://127.0.0.1:9/hook'] } });
    try {
      expect(emulator.webhooks.secret).toBe(secret);
      // With endpoints, the apps' variables carry it.
      expect(clerkEnv(emulator)['CLERK_WEBHOOK_SIGNING_SECRET']).toBe(secret);
    } finally {
      await emulator.close();
    }
    for (const bad of ['sk_live_abc', 'whsec_', 'whsec_' + Buffer.alloc(8).toString('base64'), 'whsec_not base64!'])
      await expect(startClerkEmulator({ webhooks: { secret: bad } })).rejects.toThrow(/webhooks\.secret/);
  });

  it('without endpoints the apps get no signing secret (nothing will be sent)', async () => {
    const emulator = await startClerkEmulator();
    try {
      expect(clerkEnv(emulator)).not.toHaveProperty('CLERK_WEBHOOK_SIGNING_SECRET');
    } finally {
      await emulator.close();
    }
  });

  it('rejects bad endpoint URLs, schedules and timeouts at start', async () => {
    await expect(startClerkEmulator({ webhooks: { endpoints: ['ftp://x.test/'] } })).rejects.toThrow(/http\(s\)/);
    await expect(startClerkEmulator({ webhooks: { endpoints: ['not a url'] } })).rejects.toThrow(/http\(s\)/);
    await expect(startClerkEmulator({ webhooks: { retrySchedule: [-1] } })).rejects.toThrow(/retrySchedule/);
    await expect(startClerkEmulator({ webhooks: { timeoutMs: 0 } })).rejects.toThrow(/timeoutMs/);
  });
});
