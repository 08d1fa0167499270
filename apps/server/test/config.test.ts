import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';

import { loadConfig } from '../src/config/app-config.js';
import { ConfigError } from '../src/config/config-error.js';

describe('configuration, validated once at boot', () => {
  let emulator: ClerkEmulator;
  let valid: Record<string, string>;
  beforeAll(async () => {
    emulator = await startClerkEmulator();
    valid = { CLERK_SECRET_KEY: emulator.secretKey, CLERK_PUBLISHABLE_KEY: emulator.publishableKey };
  });
  afterAll(() => emulator?.close());

  const problems = (env: Record<string, string | undefined>) => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
    throw new Error('expected a ConfigError');
  };

  it('applies the documented defaults', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({ env: 'production', port: 4000, host: '0.0.0.0' });
    expect(config.clerk).toMatchObject({
      apiUrl: 'https://api.clerk.com',
      jwtKey: undefined,
      issuer: 'https://clerk.emulator.local',
      authorizedParties: ['http://localhost:3000'],
      webhookSigningSecret: undefined,
    });
  });

  it('reads the rate-limit table and TRUST_PROXY, defaults as documented, 0 to turn one off', () => {
    expect(loadConfig(valid).rateLimits).toEqual({
      'user-reads': 600,
      'user-writes': 60,
      'org-writes': 300,
      anonymous: 300,
      'webhook-failures': 30,
    });
    expect(loadConfig(valid).trustProxy).toEqual([]);
    const config = loadConfig({
      ...valid,
      RATE_LIMIT_USER_WRITES_PER_MIN: '0',
      RATE_LIMIT_ANONYMOUS_PER_MIN: '1000',
      TRUST_PROXY: 'loopback, 10.0.0.0/8,192.0.2.7',
    });
    expect(config.rateLimits).toMatchObject({ 'user-writes': 0, anonymous: 1000 });
    expect(config.trustProxy).toEqual(['127.0.0.1/8', '::1/128', '10.0.0.0/8', '192.0.2.7/32']);
    expect(problems({ ...valid, RATE_LIMIT_USER_READS_PER_MIN: '-1', TRUST_PROXY: 'proxy.example.com' })).toEqual([
      expect.stringMatching(/^RATE_LIMIT_USER_READS_PER_MIN: /),
      expect.stringMatching(/^TRUST_PROXY: Each entry must be an IP address/),
    ]);
  });

  it('takes a whsec_ webhook signing secret', () => {
    const secret = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
    expect(loadConfig({ ...valid, CLERK_WEBHOOK_SIGNING_SECRET: secret }).clerk.webhookSigningSecret).toBe(secret);
  });

  it('names every missing variable at once', () => {
    expect(problems({})).toEqual(['CLERK_SECRET_KEY: is required', 'CLERK_PUBLISHABLE_KEY: is required']);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['NODE_ENV', 'staging'],
    ['CLERK_SECRET_KEY', 'pk_live_abc'],
    ['CLERK_PUBLISHABLE_KEY', 'pk_live_bm9wZQ'],
    ['CLERK_API_URL', 'ftp://api.example.com'],
    ['CLERK_JWT_KEY', 'not a pem'],
    ['CLERK_AUTHORIZED_PARTIES', 'http://localhost:3000/'],
    ['CLERK_AUTHORIZED_PARTIES', 'localhost:3000'],
    ['CLERK_AUTHORIZED_PARTIES', ' , '],
    ['CLERK_WEBHOOK_SIGNING_SECRET', 'sk_test_not_a_webhook_secret'],
    ['CLERK_WEBHOOK_SIGNING_SECRET', 'whsec_c2hvcnQ='],
    ['CLERK_WEBHOOK_SIGNING_SECRET', 'whsec_!!notbase64!!'],
  ])('refuses %s=%j and names it, without echoing the value', (name, value) => {
    const found = problems({ ...valid, [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${name}: `));
    if (value.length > 3) expect(found[0]).not.toContain(value.trim() || '\u0000');
  });

  it('accepts a PEM with escaped newlines, as env files carry it', () => {
    const escaped = emulator.publicKeyPem.trim().replace(/\n/g, '\\n');
    expect(loadConfig({ ...valid, CLERK_JWT_KEY: escaped }).clerk.jwtKey).toBe(emulator.publicKeyPem.trim());
  });

  it('splits and trims the authorized parties', () => {
    const config = loadConfig({ ...valid, CLERK_AUTHORIZED_PARTIES: 'http://localhost:3000, https://app.example.com' });
    expect(config.clerk.authorizedParties).toEqual(['http://localhost:3000', 'https://app.example.com']);
  });

  it('uses PGlite in .data/pglite by default and PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig(valid).database).toEqual({ kind: 'pglite', dataDir: path.resolve('.data/pglite') });
    expect(loadConfig({ ...valid, PGLITE_DIR: 'memory://' }).database).toEqual({
      kind: 'pglite',
      dataDir: 'memory://',
    });
    expect(
      loadConfig({ ...valid, DATABASE_URL: 'postgresql://u:secret@db/app', DATABASE_POOL_MAX: '4' }).database,
    ).toEqual({
      kind: 'postgres',
      url: 'postgresql://u:secret@db/app',
      poolMax: 4,
    });
    expect(loadConfig({ ...valid, DATABASE_URL: 'postgres://db/app' }).database).toMatchObject({ poolMax: 10 });
  });

  it('names a bad DATABASE_URL or DATABASE_POOL_MAX without echoing the value', () => {
    const found = problems({ ...valid, DATABASE_URL: 'mysql://u:hunter2@db/app', DATABASE_POOL_MAX: '0' });
    expect(found).toEqual([
      'DATABASE_URL: Must be a postgres:// or postgresql:// URL',
      expect.stringMatching(/^DATABASE_POOL_MAX: /),
    ]);
    expect(found.join()).not.toContain('hunter2');
  });

  it('sizes the admission gate from the database unless told otherwise', () => {
    // PostgreSQL: the pool plus a small margin; 128 waiting; 1 s of waiting at most.
    expect(loadConfig({ ...valid, DATABASE_URL: 'postgres://db/app', DATABASE_POOL_MAX: '4' }).admission).toEqual({
      maxInFlight: 6,
      maxQueued: 128,
      maxQueueMs: 1_000,
    });
    expect(loadConfig({ ...valid, DATABASE_URL: 'postgres://db/app' }).admission.maxInFlight).toBe(12);
    // PGlite runs one statement at a time in this process.
    expect(loadConfig(valid).admission).toEqual({ maxInFlight: 4, maxQueued: 128, maxQueueMs: 1_000 });
    expect(
      loadConfig({ ...valid, TRPC_MAX_IN_FLIGHT: '20', TRPC_MAX_QUEUED: '0', TRPC_MAX_QUEUE_MS: '250' }).admission,
    ).toEqual({ maxInFlight: 20, maxQueued: 0, maxQueueMs: 250 });
    // 0 turns the gate off.
    expect(loadConfig({ ...valid, TRPC_MAX_IN_FLIGHT: '0' }).admission.maxInFlight).toBe(0);
  });

  it.each([
    ['TRPC_MAX_IN_FLIGHT', '-1'],
    ['TRPC_MAX_IN_FLIGHT', 'many'],
    ['TRPC_MAX_IN_FLIGHT', '1.5'],
    ['TRPC_MAX_QUEUED', '-5'],
    ['TRPC_MAX_QUEUE_MS', '0'],
    ['TRPC_MAX_QUEUE_MS', '120000'],
  ])('refuses %s=%j at boot, naming it', (name, value) => {
    expect(problems({ ...valid, [name]: value })).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
  });
});
