import { type DestinationStream, type Logger, pino } from 'pino';

import type { AppConfig } from '../config/app-config.js';
import { prettyLines } from './pretty-lines.js';
import { serializeError } from './serialize-error.js';

export type { Logger } from 'pino';

/**
 * The server's one logger: JSON lines (one object per line, `level` as a word, ISO `time`) in
 * production, readable lines in development. Nothing is logged by field name alone: request lines
 * name their fields explicitly and never carry headers; errors go through serializeError.
 */
export function createLogger({ level, format }: AppConfig['log'], destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: isoTimeOncePerMs(),
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError },
      // Defence in depth: should a header object ever be logged, its credentials are not.
      redact: {
        paths: ['headers.authorization', 'headers.cookie', 'headers["svix-signature"]', 'headers["set-cookie"]'],
        censor: '[redacted]',
      },
    },
    destination ?? (format === 'pretty' ? prettyLines(process.stdout) : stdoutLines()),
  );
}

/**
 * pino's `isoTime` (`,"time":"2026-12-07T16:00:00.000Z"`), made once per millisecond from a prefix
 * made once per second: formatting a Date for every line was ~1 % of a `profile.me` request's CPU,
 * and at thousands of lines a second most lines share their millisecond with the one before.
 */
function isoTimeOncePerMs(): () => string {
  let at = -1;
  let second = -1;
  let prefix = '';
  let field = '';
  return () => {
    const now = Date.now();
    if (now !== at) {
      at = now;
      const ms = now % 1000;
      if (now - ms !== second) {
        second = now - ms;
        // "2026-12-07T16:00:00." from "2026-12-07T16:00:00.000Z"
        prefix = `,"time":"${new Date(second).toISOString().slice(0, 20)}`;
      }
      field = `${prefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z"`;
    }
    return field;
  };
}

/**
 * Synchronous writes to stdout, gathered: lines collect in memory and leave in one write call once
 * 4 KB have gathered or 100 ms have passed, and at exit. A write call per line was ~2 % of a
 * `profile.me` request's CPU (issue 19's overhead budget); the price is that a process killed
 * outright (SIGKILL, OOM) loses its last 100 ms of lines. Writes stay synchronous: asynchronous
 * ones (through libuv's thread pool) were measured to let a reader instance take a client's request
 * before the change notification that preceded it (the cluster coherence test's first reads fresh
 * fell from 58 to 45 of 60).
 */
function stdoutLines(): DestinationStream {
  // One per process, however many apps it boots (tests boot many): one buffer, one exit hook.
  if (!stdout) {
    const stream = pino.destination({ dest: 1, sync: true, minLength: 4096, periodicFlush: 100 });
    // A normal exit, process.exit() and an uncaught exception alike: what is gathered goes out.
    process.once('exit', () => stream.flushSync());
    stdout = stream;
  }
  return stdout;
}

let stdout: ReturnType<typeof pino.destination> | undefined;
