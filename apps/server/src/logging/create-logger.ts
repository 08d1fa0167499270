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
      timestamp: pino.stdTimeFunctions.isoTime,
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
 * Asynchronous writes to stdout: a line costs no syscall of its own under load (lines written
 * while one write is in flight go out together), and what is buffered is flushed on exit.
 */
function stdoutLines(): DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}
