import 'reflect-metadata';

import type { AddressInfo } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';

import { AppModule } from '../../src/app.module.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { configureApp, nestApplicationOptions } from '../../src/configure-app.js';
import { createHttpAdapter } from '../../src/http/http-adapter.js';
import { createLogger, type Logger } from '../../src/logging/create-logger.js';
import { NestPinoLogger } from '../../src/logging/nest-logger.js';

export interface BootOptions {
  /** Default: the production adapter (Fastify), as main.ts uses it. */
  adapter?: AbstractHttpAdapter;
  /** Swap providers (e.g. dependency guards on a test clock) before the module compiles. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** The app's logger; default: silent (a test that reads log lines passes one of its own). */
  logger?: Logger;
}

/** The one boot sequence of every server test: main.ts's modules and set-up, on 127.0.0.1, port 0. */
export async function bootApp(
  config: AppConfig,
  { adapter = createHttpAdapter(), override = (b) => b, logger = silent() }: BootOptions = {},
): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await override(
    Test.createTestingModule({ imports: [AppModule.forRoot(config, logger)] }),
  ).compile();
  const app = configureApp(
    moduleRef.createNestApplication(adapter, { ...nestApplicationOptions, logger: new NestPinoLogger(logger) }),
    config,
  );
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

function silent(): Logger {
  return createLogger({ level: 'silent', format: 'json' });
}
