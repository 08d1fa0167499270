import type { ChildProcess } from 'node:child_process';

import { spawnApp } from './spawn-app.js';

/**
 * The API server as a child process that can be restarted: the old process is stopped first
 * (its port is fixed), then a new one starts on the freshly built code. A crash is reported and
 * waits for the next change rather than ending `pnpm dev`. Once `stop()` is called (Ctrl-C, which
 * the terminal also sends to the server itself), its exit is expected and not reported.
 */
export function restartableServer(script: string, env: Record<string, string>) {
  let stopping = false;
  let child: ChildProcess = start();

  function start(): ChildProcess {
    const started = spawnApp('server', script, { env });
    started.on('exit', (code, signal) => {
      if (started !== child || stopping || signal === 'SIGTERM') return;
      // Exit code 0 is a drained shutdown (a signal from outside); anything else is a crash.
      if (code === 0) console.log('[dev] the API stopped; it starts again on the next build');
      else
        console.error(
          `[dev] the API exited (${code ?? signal}): see its output above; it restarts after the next save`,
        );
    });
    return started;
  }

  async function stopChild(): Promise<void> {
    const old = child;
    if (old.exitCode !== null || old.signalCode !== null) return;
    const exited = new Promise((resolve) => old.once('exit', resolve));
    old.kill('SIGTERM');
    const forced = setTimeout(() => old.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(forced);
  }

  return {
    async restart(): Promise<void> {
      if (stopping) return;
      await stopChild();
      child = start();
    },
    /** Stops it for good (Ctrl-C): set before anything else, so its exit is not reported. */
    stop(): Promise<void> {
      stopping = true;
      return stopChild();
    },
  };
}
