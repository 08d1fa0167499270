import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { MIGRATIONS_FOLDER } from '../src/index.js';

const packageRoot = path.resolve(import.meta.dirname, '..');

describe('committed migrations', () => {
  it('match the schema (drizzle-kit generate would write nothing)', () => {
    // drizzle-kit wants `--out` relative to the working directory.
    mkdirSync(path.join(packageRoot, 'node_modules/.cache'), { recursive: true });
    const out = mkdtempSync(path.join(packageRoot, 'node_modules/.cache/drizzle-check-'));
    try {
      cpSync(MIGRATIONS_FOLDER, out, { recursive: true });
      const before = readdirSync(out, { recursive: true }).sort();
      const bin = path.join(packageRoot, 'node_modules/drizzle-kit/bin.cjs');
      const run = spawnSync(
        process.execPath,
        [
          bin,
          'generate',
          '--dialect',
          'postgresql',
          '--schema',
          './src/schema/index.ts',
          '--out',
          path.relative(packageRoot, out),
        ],
        { cwd: packageRoot, encoding: 'utf8' },
      );
      expect(`${run.stdout}${run.stderr}`).toContain('No schema changes');
      expect(readdirSync(out, { recursive: true }).sort()).toEqual(before);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('are ordered by a strictly increasing journal `when` (the migrator skips older-dated ones silently)', () => {
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as {
      entries: { idx: number; when: number; tag: string }[];
    };
    expect(journal.entries.length).toBeGreaterThan(0);
    journal.entries.forEach((entry, i) => {
      expect(entry.idx).toBe(i);
      if (i > 0) expect(entry.when).toBeGreaterThan(journal.entries[i - 1]!.when);
    });
    const files = readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql'));
    expect(files.sort()).toEqual(journal.entries.map((e) => `${e.tag}.sql`));
  });
});
