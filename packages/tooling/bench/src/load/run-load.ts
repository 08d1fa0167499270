import { fileURLToPath } from 'node:url';

import { exited, spawnPinnedNode, stop } from '../process/pinned.js';
import type { LoadJob, LoadResult } from './load-types.js';

const WORKER = fileURLToPath(new URL('./load-worker.js', import.meta.url));

/** Runs one load job in a fresh autocannon process pinned to `cpu`; bounded by the job's duration. */
export async function runLoad(cpu: number, job: LoadJob): Promise<LoadResult> {
  const child = spawnPinnedNode(cpu, [WORKER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const deadline = (job.durationSeconds + 30) * 1000;
  try {
    return await new Promise<LoadResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('load generator did not finish in time')), deadline);
      child.once('message', (message: LoadResult | { error: string }) => {
        clearTimeout(timer);
        if ('error' in message) reject(new Error(`load generator: ${message.error}`));
        else resolve(message);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`load generator exited with ${String(code)} before reporting`));
      });
      child.send(job);
    });
  } finally {
    await stop(child);
    await exited(child);
  }
}
