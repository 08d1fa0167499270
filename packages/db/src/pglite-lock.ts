import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/** Another live process holds the PGlite data dir: opening it too would silently lose writes. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `PGlite data dir ${dataDir} is in use by process ${pid}; stop it first (PGlite allows one process per data dir)`,
    );
  }
}

function holderPid(lockFile: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite takes no lock on its data dir, so we keep one beside it (`<dataDir>.lock`, holding our
 * pid, created with O_EXCL). A lock whose process is gone (kill -9) is taken over. Returns the
 * release function; the lock is also removed when the process exits.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        process.off('exit', release);
        if (holderPid(lockFile) === process.pid) unlinkSync(lockFile);
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = holderPid(lockFile);
      if (pid !== null && (pid === process.pid || isAlive(pid))) throw new DataDirInUseError(dataDir, pid);
      // Stale (its process is gone) or half-written: take it over.
      try {
        unlinkSync(lockFile);
      } catch {
        // another opener removed it first; retry
      }
    }
  }
  throw new DataDirInUseError(dataDir, holderPid(lockFile) ?? 0);
}
