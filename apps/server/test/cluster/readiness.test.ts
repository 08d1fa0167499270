import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startThrowawayPostgres, type ThrowawayPostgres } from '@stack/test-kit/postgres';

import { request } from '../support/http.js';
import { startServer, type TestStack } from '../support/start-server.js';

/**
 * `GET /health/ready` on the real app against a real PostgreSQL that the tests stop and start: one
 * of this file's own (the run's shared server must never go down under other files).
 */
describe('GET /health/ready', () => {
  let postgres: ThrowawayPostgres;
  let stack: TestStack;
  beforeAll(async () => {
    postgres = await startThrowawayPostgres();
    stack = await startServer('jwt-key', { DATABASE_URL: postgres.url() });
  });
  afterAll(async () => {
    await stack?.close();
    await postgres?.stop();
  });

  const ready = () => request(`${stack.url}/health/ready`);

  it('is 200 when the database answers, migrations are applied and keys are available; public', async () => {
    const res = await ready();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toMatchObject({
      status: 'ready',
      notReady: [],
      checks: { database: { ok: true }, keys: { ok: true }, changes: { connected: true } },
    });
  });

  it('is 503 naming the database (with Retry-After) while PostgreSQL is down; /health stays 200', async () => {
    await postgres.shutdown();
    try {
      const started = Date.now();
      const res = await ready();
      expect(Date.now() - started, 'a bounded check').toBeLessThan(5_000);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.json).toMatchObject({ status: 'not-ready', notReady: ['database'] });
      expect(res.text).not.toMatch(/ENOENT|ECONNREFUSED|\/tmp\//); // no driver internals in the body
      expect((await request(`${stack.url}/health`)).status).toBe(200);
    } finally {
      await postgres.start();
    }
    await expect.poll(async () => (await ready()).status, { timeout: 15_000 }).toBe(200);
  });

  it('is 503 naming migrations when this build’s migrations are not all applied', async () => {
    const client = new pg.Client({ connectionString: postgres.url() });
    await client.connect();
    try {
      const removed = await client.query<{ id: number; hash: string; created_at: string }>(
        'delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations) returning id, hash, created_at',
      );
      const res = await ready();
      expect(res.status).toBe(503);
      expect(res.json).toMatchObject({ notReady: ['migrations'] });
      const row = removed.rows[0]!;
      await client.query('insert into drizzle.__drizzle_migrations (id, hash, created_at) values ($1, $2, $3)', [
        row.id,
        row.hash,
        row.created_at,
      ]);
      expect((await ready()).status).toBe(200);
    } finally {
      await client.end();
    }
  });
});

describe('GET /health/ready in JWKS mode', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startServer('jwks');
  });
  afterAll(() => stack?.close());

  it('is 503 naming keys while no key set could be fetched, and 200 once one is', async () => {
    stack.emulator.faults.set('jwks', { status: 500 });
    const res = await request(`${stack.url}/health/ready`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.json).toMatchObject({ status: 'not-ready', notReady: ['keys'], checks: { keys: { ok: false } } });
    stack.emulator.faults.clear();
    // The failed fetch backs off (2 s by default) before the next probe may try again.
    await expect.poll(async () => (await request(`${stack.url}/health/ready`)).status, { timeout: 10_000 }).toBe(200);
    expect(stack.emulator.stats.count('jwks')).toBeLessThanOrEqual(3);
  });
});
