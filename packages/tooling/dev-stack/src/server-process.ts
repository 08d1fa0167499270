import type { NodeProcess } from '@stack/test-kit';

import { spawnApp } from './spawn-app.js';

/**
 * The API server as a child process that can be restarted: the old process is stopped first
 * (its port is fixed), then a new one starts on the freshly built code. A crash is reported and
 * waits for the next change rather than ending `pnpm dev`. Once `stop()` is called (Ctrl-C, which
 * the terminal also sends to the server itself), its exit is expected and not reported.
 */
export function restartableServer(script: string, env: Record<string, string>) {
  let stopping = false;
  let server: NodeProcess = start();

  function start(): NodeProcess {
    const started = spawnApp('server', script, { env });
    void started.exited.then((how) => {
      if (started !== server || stopping || how === 'SIGTERM') return;
      // Exit code 0 is a drained shutdown (a signal from outside); anything else is a crash.
      if (how === 0) console.log('[dev] the API stopped; it starts again on the next build');
      else console.error(`[dev] the API exited (${how}): see its output above; it restarts after the next save`);
    });
    return started;
  }

  return {
    async restart(): Promise<void> {
      if (stopping) return;
      await server.stop();
      server = start();
    },
    /** Stops it for good (Ctrl-C): set before anything else, so its exit is not reported. */
    stop(): Promise<void> {
      stopping = true;
      return server.stop().then(() => undefined);
    },
  };
}
