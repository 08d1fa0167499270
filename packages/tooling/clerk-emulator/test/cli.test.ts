import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { renderEnvFile, writeEnvFile } from '../src/cli/env-file.js';
import { parseCliArgs } from '../src/cli/parse-cli-args.js';
import { SEED, startSeeded } from './helpers.js';
import { startReceiver } from './webhooks/receiver.js';

describe('CLI pieces', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clerk-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('parses flags with the documented defaults', () => {
    expect(parseCliArgs([])).toEqual({
      port: 4010,
      host: '127.0.0.1',
      seed: undefined,
      dataDir: '.data/clerk-emulator',
      envFile: undefined,
      latencyMs: 0,
      inMemory: false,
      allowedOrigins: ['http://localhost:3000'],
      webhookUrls: [],
      webhookSecret: undefined,
      webhookRetryScale: 1,
      help: false,
    });
    expect(
      parseCliArgs([
        '--webhook-url',
        'http://127.0.0.1:4000/webhooks/clerk',
        '--webhook-url',
        'http://127.0.0.1:5000/hook',
        '--webhook-secret',
        'whsec_abc',
        '--webhook-retry-scale',
        '0.001',
      ]),
    ).toMatchObject({
      webhookUrls: ['http://127.0.0.1:4000/webhooks/clerk', 'http://127.0.0.1:5000/hook'],
      webhookSecret: 'whsec_abc',
      webhookRetryScale: 0.001,
    });
    expect(() => parseCliArgs(['--webhook-retry-scale', '0'])).toThrow(/--webhook-retry-scale/);
    expect(() => parseCliArgs(['--webhook-retry-scale', 'fast'])).toThrow(/--webhook-retry-scale/);
    expect(
      parseCliArgs(['--allowed-origin', 'http://localhost:3001', '--allowed-origin', 'https://app.test'])
        .allowedOrigins,
    ).toEqual(['http://localhost:3001', 'https://app.test']);
    expect(
      parseCliArgs([
        '--port',
        '0',
        '--seed',
        's.json',
        '--data-dir',
        'd',
        '--env-file',
        '.env.clerk',
        '--latency-ms',
        '25',
      ]),
    ).toMatchObject({
      port: 0,
      seed: 's.json',
      dataDir: 'd',
      envFile: '.env.clerk',
      latencyMs: 25,
    });
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--bogus'])).toThrow();
  });

  it('writes an env file (mode 0600) whose CLERK_JWT_KEY parses back to the PEM', async () => {
    const emulator = await startSeeded();
    try {
      const path = join(dir, 'out', '.env.clerk');
      await writeEnvFile(path, emulator);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      const text = await readFile(path, 'utf8');
      expect(text).toBe(renderEnvFile(emulator));
      expect(text.split('\n')[3]).toMatch(
        /^CLERK_JWT_KEY="-----BEGIN PUBLIC KEY-----\\n.*\\n-----END PUBLIC KEY-----"$/,
      );
      const env = parseEnv(text);
      expect(env['CLERK_API_URL']).toBe(emulator.url);
      expect(env['CLERK_SECRET_KEY']).toBe(emulator.secretKey);
      expect(env['CLERK_PUBLISHABLE_KEY']).toBe(emulator.publishableKey);
      expect(env['CLERK_JWT_KEY']).toBe(emulator.publicKeyPem.trim());
    } finally {
      await emulator.close();
    }
  });
});

// Runs the built CLI when `pnpm build` has produced dist/ (the TS source cannot be run by plain node).
// `node -- cli.js`: Node 20 otherwise consumes `--env-file` after the script name as its own flag.
const distCli = new URL('../dist/cli.js', import.meta.url);
const hasDist = await stat(distCli).then(
  () => true,
  () => false,
);

describe.skipIf(!hasDist)('built CLI (dist/cli.js)', () => {
  it('starts with a seed file, persists the instance, writes the env file and stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clerk-cli-run-'));
    const receiver = await startReceiver((i) => (i === 0 ? 503 : 200));
    await writeFile(join(dir, 'seed.json'), JSON.stringify(SEED));
    try {
      const child = spawn(
        process.execPath,
        [
          '--',
          distCli.pathname,
          '--port',
          '0',
          '--data-dir',
          join(dir, 'data'),
          '--seed',
          join(dir, 'seed.json'),
          '--env-file',
          join(dir, '.env'),
          '--webhook-url',
          receiver.url,
          '--webhook-retry-scale',
          '0.001',
        ],
        { cwd: dir },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`CLI did not start:\n${out}`)), 15_000);
        child.stdout.on('data', () => {
          if (out.includes('users:')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`CLI exited early:\n${out}`)));
      });
      expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(out).toContain('ada@example.com, grace@example.com');
      expect(out).toMatch(/CLERK_SECRET_KEY=sk_live_/);
      const env = parseEnv(await readFile(join(dir, '.env'), 'utf8'));
      const jwks = await fetch(`${env['CLERK_API_URL']}/v1/jwks`, {
        headers: { authorization: `Bearer ${env['CLERK_SECRET_KEY']}` },
      });
      expect(jwks.status).toBe(200);
      expect((await stat(join(dir, 'data', 'instance.json'))).mode & 0o777).toBe(0o600);
      // Webhooks: the secret is printed (and in the env file); each attempt gets a line.
      const secret = /CLERK_WEBHOOK_SIGNING_SECRET=(whsec_\S+)/.exec(out)?.[1];
      expect(secret).toBeDefined();
      expect(env['CLERK_WEBHOOK_SIGNING_SECRET']).toBe(secret);
      expect(out).toContain(`webhooks: ${receiver.url} (delivery log: ${env['CLERK_API_URL']}/__emulator/webhooks)`);
      const patched = await fetch(`${env['CLERK_API_URL']}/v1/users/user_ada`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${env['CLERK_SECRET_KEY']}`, 'content-type': 'application/json' },
        body: JSON.stringify({ first_name: 'Printed' }),
      });
      expect(patched.status).toBe(200);
      // 503 first, then (5 ms later with the scaled schedule) 200.
      await expect
        .poll(() => out, { timeout: 10_000 })
        .toMatch(/webhook user\.updated msg_\w+ → \S+: 200 \(attempt 2\)/);
      expect(out).toMatch(/webhook user\.updated msg_\w+ → \S+: 503 \(attempt 1, will retry\)/);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
