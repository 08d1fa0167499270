import type { NodeProcess } from '@stack/test-kit';

import { spawnApp } from './spawn-app.js';

/**
 * The API server as a child process that can be restarted: the old process is stopped first
 * (its port is fixed), then a new one starts on the freshly built code. A crash is reported and
 * waits for the next change rather than ending `pnpm dev`.
 */
export function restartableServer(script: string, env: Record<string, string>) {
  let server: NodeProcess = start();

  function start(): NodeProcess {
    const started = spawnApp('server', script, { env });
    void started.exited.then((how) => {
      if (started === server && how !== 'SIGTERM' && how !== 0)
        console.error(`[dev] the API exited (${how}); fix the code and save: it restarts on the next build`);
    });
    return started;
  }

  return {
    async restart(): Promise<void> {
      await server.stop();
      server = start();
    },
    stop: async () => void (await server.stop()),
  };
}
