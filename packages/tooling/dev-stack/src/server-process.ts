import type { ChildProcess } from 'node:child_process';

import { spawnApp } from './spawn-app.js';

/**
 * The API server as a child process that can be restarted: the old process is stopped first
 * (its port is fixed), then a new one starts on the freshly built code. A crash is reported and
 * waits for the next change rather than ending `pnpm dev`.
 */
export function restartableServer(script: string, env: Record<string, string>) {
  let child: ChildProcess = start();

  function start(): ChildProcess {
    const started = spawnApp('server', script, { env });
    started.on('exit', (code, signal) => {
      if (started === child && signal !== 'SIGTERM')
        console.error(`[dev] the API exited (${code ?? signal}); fix the code and save: it restarts on the next build`);
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
      await stopChild();
      child = start();
    },
    stop: stopChild,
  };
}
