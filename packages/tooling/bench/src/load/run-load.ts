import { fileURLToPath } from 'node:url';

import { startNode } from '@stack/test-kit';

import type { LoadJob, LoadResult } from './load-types.js';

const WORKER = fileURLToPath(new URL('./load-worker.js', import.meta.url));

/** Runs one load job in a fresh autocannon process pinned to `cpu`; bounded by the job's duration. */
export async function runLoad(cpu: number, job: LoadJob): Promise<LoadResult> {
  const worker = startNode(WORKER, {
    cpu,
    ipc: true,
    inheritEnv: true,
    env: {},
    onOutput: (text, stream) => process[stream].write(text),
  });
  const deadline = (job.durationSeconds + 30) * 1000;
  try {
    return await new Promise<LoadResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('load generator did not finish in time')), deadline);
      worker.child.once('message', (message: LoadResult | { error: string }) => {
        clearTimeout(timer);
        if ('error' in message) reject(new Error(`load generator: ${message.error}`));
        else resolve(message);
      });
      void worker.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`load generator exited with ${String(code)} before reporting`));
      });
      worker.child.send(job);
    });
  } finally {
    await worker.stop();
  }
}
