import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { DataDirInUseError } from '@stack/db';

import { AppModule } from './app.module.js';
import { type AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { configureApp, nestApplicationOptions } from './configure-app.js';
import { Readiness } from './health/readiness.js';
import { createHttpAdapter } from './http/http-adapter.js';
import { StreamRegistry } from './live/stream-registry.js';
import { drainOnSignals } from './shutdown/graceful-shutdown.js';

function readConfig(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const config = readConfig();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createHttpAdapter(), {
    ...nestApplicationOptions,
    logger: config.env === 'development' ? ['log', 'warn', 'error', 'debug'] : ['log', 'warn', 'error'],
  });
  configureApp(app, config);
  const logger = new Logger('Bootstrap');
  drainOnSignals(app, config, app.get(Readiness), app.get(StreamRegistry), new Logger('Shutdown'));
  await app.listen(config.port, config.host);
  const mode = config.clerk.jwtKey ? 'networkless (CLERK_JWT_KEY)' : `JWKS from ${config.clerk.apiUrl}`;
  logger.log(`Listening on ${await app.getUrl()} (verification: ${mode})`);
}

try {
  await bootstrap();
} catch (error) {
  // A second process on the same PGlite dir: say so plainly (PGlite would otherwise lose writes).
  if (error instanceof DataDirInUseError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
