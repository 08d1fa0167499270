import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const DEBIAN = '/usr/lib/postgresql';
const hasServer = (dir: string) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres'));

/**
 * Where `initdb` and `postgres` are: `PG_BIN` when set; else Debian's PostgreSQL 15
 * (/usr/lib/postgresql/15/bin, what CI installs); else the first directory on PATH that has both
 * (Homebrew on macOS, other distributions); else Debian's newest other version.
 */
export function postgresBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['PG_BIN'];
  if (explicit) {
    if (!hasServer(explicit)) throw new Error(`PG_BIN=${explicit} has no initdb and postgres`);
    return explicit;
  }
  const debian15 = path.join(DEBIAN, '15', 'bin');
  if (hasServer(debian15)) return debian15;
  const onPath = (env['PATH'] ?? '').split(path.delimiter).filter(Boolean).find(hasServer);
  if (onPath) return onPath;
  const versions = existsSync(DEBIAN)
    ? readdirSync(DEBIAN)
        .filter((v) => /^\d+$/.test(v) && hasServer(path.join(DEBIAN, v, 'bin')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return path.join(DEBIAN, versions[0], 'bin');
  throw new Error(
    'PostgreSQL server binaries (initdb, postgres) not found: install PostgreSQL (apt-get install postgresql-15, ' +
      'brew install postgresql@15) and put its bin directory on PATH, or set PG_BIN to it',
  );
}
