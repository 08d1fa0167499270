import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';

import { createTestDatabase } from '@stack/test-kit/postgres';

import { DataDirInUseError, openDatabase } from '../src/index.js';
import { MIGRATIONS_FOLDER } from '../src/migrations.js';
import { spawnOpenChild } from './support/spawn-child.js';

const migrationCount = () =>
  (JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] })
    .entries.length;

describe('PGlite: one process per data dir', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'stack-pglite-'));
  const dataDir = path.join(root, 'pglite');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a second process with a clear message, and takes over the lock after kill -9', async () => {
    const holder = spawnOpenChild({ PGLITE_DIR: dataDir, HOLD: '1' });
    try {
      await Promise.race([holder.ready, holder.exited.then(() => Promise.reject(new Error(holder.output())))]);
      const second = spawnOpenChild({ PGLITE_DIR: dataDir });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`PGlite data dir ${dataDir} is in use by process ${holder.process.pid}`);
      // This process too.
      await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toBeInstanceOf(DataDirInUseError);
    } finally {
      holder.process.kill('SIGKILL');
      await holder.exited;
    }
    // The holder is gone without releasing: its lock is stale and is taken over.
    const reopened = await openDatabase({ kind: 'pglite', dataDir });
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    await reopened.close();
    expect(() => readFileSync(`${dataDir}.lock`)).toThrow();
  }, 180_000);
});

describe('PostgreSQL: concurrent boots', () => {
  it('4 processes migrating one fresh database at once all succeed, applying each migration once', async () => {
    const url = await createTestDatabase(inject('postgresAdminUrl'), { template: null });
    const children = Array.from({ length: 4 }, () => spawnOpenChild({ DATABASE_URL: url }));
    const codes = await Promise.all(children.map((c) => c.exited));
    expect(codes, children.map((c) => c.output()).join('\n')).toEqual([0, 0, 0, 0]);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const applied = await db.query('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(applied.rows[0]).toEqual({ n: migrationCount() });
    await db.end();
  }, 180_000);
});
