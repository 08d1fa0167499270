// The load-generator process: autocannon as a library, run by the harness pinned to its own core.
// It takes one LoadJob over IPC, answers with one LoadResult and exits.
import autocannon from 'autocannon';

import type { LoadJob, LoadResult } from './load-types.js';

process.once('message', (job: LoadJob) => {
  // One rotation shared by all connections, so every token is in use from the first second
  // (per-connection request lists would start every connection on the same few users).
  let next = 0;
  const { authorizations } = job;
  const setupRequest = (request: autocannon.Request): autocannon.Request => {
    if (authorizations.length === 0) return request;
    const authorization = authorizations[next++ % authorizations.length]!;
    return { ...request, headers: { ...request.headers, authorization } };
  };
  autocannon(
    {
      url: job.url,
      connections: job.connections,
      duration: job.durationSeconds,
      requests: [
        job.method === 'POST'
          ? {
              method: 'POST',
              path: job.path,
              headers: { 'content-type': 'application/json' },
              body: job.body ?? '',
              setupRequest,
            }
          : { method: 'GET', path: job.path, setupRequest },
      ],
    },
    (error, result) => {
      if (error) {
        process.send?.({ error: String(error) }, () => process.exit(1));
        return;
      }
      const summary: LoadResult = {
        requests: result.requests.total,
        sent: result.requests.sent,
        durationSeconds: result.duration,
        requestsPerSecond: result['2xx'] / result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.non2xx,
        non2xx: result.non2xx,
      };
      process.send?.(summary, () => process.exit(0));
    },
  );
});
