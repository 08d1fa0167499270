import { watch } from 'node:fs';

/**
 * Calls `restart` once the watched folders have been quiet for `quietMs` (tsc writes many files
 * per compile: one restart per compile, not per file). Restarts never overlap.
 */
export function restartOnChange(dirs: string[], restart: () => Promise<void>, quietMs = 300): () => void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(restart, restart);
    }, quietMs);
  };
  const watchers = dirs.map((dir) => watch(dir, { recursive: true }, schedule));
  return () => {
    clearTimeout(timer);
    watchers.forEach((w) => w.close());
  };
}
