import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import type { Logger } from 'pino';

import { scrubSqlParameters } from './serialize-error.js';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's logging (its own boot and error lines, and every `new Logger(context)` in the app)
 * through the server's pino logger, so all of it is one format. Nest passes the logger's context
 * as the last argument; `error` may get a stack before it. A message may be an object: its
 * fields go into the line (`msg` is the text).
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** The level comes from LOG_LEVEL; Nest's own per-level switch is not used. */
  setLogLevels(_levels: NestLogLevel[]): void {}

  private write(level: Level, message: unknown, params: unknown[], mayHaveStack = false): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const rest = [...params];
    const context = rest.length > 0 && typeof rest.at(-1) === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    let text: string;
    if (message instanceof Error) {
      fields['err'] = message;
      text = message.message;
    } else if (typeof message === 'object' && message !== null) {
      const { msg, ...others } = message as Record<string, unknown>;
      Object.assign(fields, others);
      text = typeof msg === 'string' ? msg : '';
    } else {
      text = String(message);
    }
    const stack = mayHaveStack ? rest.find((p): p is string => typeof p === 'string') : undefined;
    if (stack) fields['stack'] = scrubSqlParameters(stack);
    this.logger[level](fields, scrubSqlParameters(text));
  }
}
