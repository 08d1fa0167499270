import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import pg from 'pg';

import { postgresBinDir } from './postgres-bin.js';

export interface ThrowawayPostgres {
  /** The socket directory; also holds `data/`. */
  dir: string;
  /** A node-postgres URL for `database` on this server (unix socket, no TCP port). */
  url(database?: string): string;
  /** `CREATE DATABASE name [TEMPLATE template]`; returns its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
  /** Fast shutdown (SIGINT), then the directory is removed. */
  stop(): Promise<void>;
  /**
   * SIGKILL, leaving the data dir (for outage tests); `start()` brings it back. The server runs
   * with synchronous_commit off, so, as after a real crash with that setting, commits from the
   * last ~0.6 s (the WAL writer's delay) are lost: `checkpoint()` first when a test needs them.
   */
  kill(): Promise<void>;
  /** `CHECKPOINT`: everything committed so far is on disk and survives `kill()`. */
  checkpoint(): Promise<void>;
  /** Fast shutdown (SIGINT, every commit kept), leaving the data dir; `start()` brings it back. */
  shutdown(): Promise<void>;
  start(): Promise<void>;
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` OS user. */
function serverUser(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** One connection to `url` for `run`, closed afterwards whatever happens. */
export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * A private PostgreSQL server for tests and tools: initdb into a temp dir, listening only on a
 * unix socket there (runs never clash on ports), fsync off. Ready in well under a second.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'stack-pg-'));
  const user = serverUser();
  if ('uid' in user) chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  execFileSync(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'],
    { ...user, stdio: 'pipe' },
  );
  const url = (database = 'postgres') =>
    `postgresql://postgres@localhost/${database}?host=${encodeURIComponent(dir)}&port=5432`;
  let child: ChildProcess | null = null;

  const start = async () => {
    const settings = ['listen_addresses=', 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];
    // Shared by every test file of a run (see shared-postgres.ts): room for their pools at once.
    settings.push('max_connections=300');
    const server = spawn(
      path.join(bin, 'postgres'),
      ['-D', data, '-k', dir, '-p', '5432', ...settings.flatMap((s) => ['-c', s])],
      { ...user, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    server.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    child = server;
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode}: ${log}`);
      const client = new pg.Client({ connectionString: url() });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`postgres did not start within 20 s: ${log}`);
        await sleep(10);
      }
    }
  };

  const halt = async (signal: NodeJS.Signals) => {
    const server = child;
    child = null;
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill(signal);
    await exited;
  };

  await start();
  return {
    dir,
    url,
    async createDatabase(name, template) {
      await withClient(url(), (c) => c.query(`create database "${name}"${template ? ` template "${template}"` : ''}`));
      return url(name);
    },
    async stop() {
      await halt('SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => halt('SIGKILL'),
    checkpoint: () => withClient(url(), (c) => c.query('checkpoint')).then(() => undefined),
    shutdown: () => halt('SIGINT'),
    start,
  };
}
