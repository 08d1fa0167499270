import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import type { INestApplication, LoggerService } from '@nestjs/common';

import type { AdmissionGate } from '@stack/nest-trpc';

import type { AppConfig } from '../config/app-config.js';
import type { Readiness } from '../health/readiness.js';
import type { StreamRegistry } from '../live/stream-registry.js';

/** What a drain acts on besides the HTTP server. */
export interface DrainTargets {
  readiness: Readiness;
  /** tRPC's admission gate: its waiting calls are answered 503 and nothing more waits. */
  admission: AdmissionGate;
  /** Live streams: each ends retryably, and its client resumes on another instance. */
  streams: StreamRegistry;
}

/**
 * SIGTERM (a deploy, a scale-down) or SIGINT: turn not-ready at once, keep serving for
 * `delayMs` so the load balancer notices, end every live stream retryably (its client reconnects
 * to another instance and resumes from its last event), answer the tRPC calls still waiting for a
 * slot 503 (the client retries elsewhere), stop accepting connections, let in-flight requests
 * finish (at most `drainTimeoutMs`, then the remaining connections are cut), then run Nest's
 * shutdown hooks (change feed, pool) and exit 0. Streams never make the drain wait.
 */
export function drainOnSignals(
  app: INestApplication,
  { shutdown }: AppConfig,
  targets: DrainTargets,
  logger: LoggerService,
  /** After the app has closed: flush what is still buffered (spans, log lines). */
  afterClose: () => Promise<void> = async () => {},
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void drain(app, shutdown, targets, logger, signal)
      .then(afterClose)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** The drain itself (exported for tests, which cannot let it exit the process). */
export async function drain(
  app: INestApplication,
  { delayMs, drainTimeoutMs }: AppConfig['shutdown'],
  { readiness, admission, streams }: DrainTargets,
  logger: LoggerService,
  signal: NodeJS.Signals,
): Promise<void> {
  readiness.beginShutdown();
  logger.log(`${signal}: not ready; draining (delay ${delayMs} ms, in-flight requests get up to ${drainTimeoutMs} ms)`);
  if (delayMs > 0) await sleep(delayMs);
  // Each stream's error event ends its response, so the connections below close like any other.
  const ended = streams.drain();
  if (ended > 0) logger.log(`ended ${ended} live streams (clients resume elsewhere)`);
  const started = performance.now();
  const waiting = admission.queued;
  admission.drain();
  if (waiting > 0) logger.log(`${waiting} tRPC calls waiting for a slot answered 503`);
  const server = app.getHttpServer() as Server;
  let cut = false;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      cut = true;
      server.closeAllConnections();
    }, drainTimeoutMs);
    // A keep-alive connection whose request finishes stays open, idle: close those as they appear.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    // Stops listening (new connections are refused) and closes idle keep-alive connections;
    // calls back once the last in-flight request's connection has closed.
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
  const ms = Math.round(performance.now() - started);
  logger.log(cut ? `drain timed out after ${ms} ms; cut the remaining connections` : `drained in ${ms} ms`);
  await app.close();
}
