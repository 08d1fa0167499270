import { type DynamicModule, Global, Module } from '@nestjs/common';

import type { AppConfig } from '../config/app-config.js';
import { DefenceLogs } from '../observability/defence-logs.js';
import { createLogger, type Logger } from './create-logger.js';

export const APP_LOGGER = Symbol('APP_LOGGER');

/**
 * The server's pino logger as APP_LOGGER: the one main.ts also gives Nest, or one made from the
 * config; and DefenceLogs, the bounded logs of what the defences refused, for every module.
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, logger?: Logger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: APP_LOGGER, useFactory: () => logger ?? createLogger(config.log) }, DefenceLogs],
      exports: [APP_LOGGER, DefenceLogs],
    };
  }
}
