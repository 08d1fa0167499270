// The worker thread behind `fireApart`: one `fire`, its result posted back as plain data.
import { parentPort, workerData } from 'node:worker_threads';

import { fire } from './fire.js';
import type { ApartResult, FireApartOptions } from './fire-apart.js';

const options = workerData as FireApartOptions;
const result = await fire({
  ...options,
  classes: options.classes.map(({ name, weight, request }) => ({ name, weight, next: () => request })),
}).done;
const answer: ApartResult = {
  ...result,
  traffic: [...result.traffic.values()].map(({ latency, statuses, ...stats }) => ({
    ...stats,
    statuses: [...statuses],
    samples: latency.samples(),
  })),
};
parentPort!.postMessage(answer);
