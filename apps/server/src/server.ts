import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { DataDirInUseError } from '@stack/db';
import { AdmissionGate } from '@stack/nest-trpc';

import { AppModule } from './app.module.js';
import { type AppConfig, loadConfig } from './config/app-config.js';
import { ConfigError } from './config/config-error.js';
import { configureApp, nestApplicationOptions } from './configure-app.js';
import { Readiness } from './health/readiness.js';
import { createHttpAdapter } from './http/http-adapter.js';
import { StreamRegistry } from './live/stream-registry.js';
import { createLogger } from './logging/create-logger.js';
import { NestPinoLogger } from './logging/nest-logger.js';
import { drainOnSignals } from './shutdown/graceful-shutdown.js';
import { tracing } from './telemetry.js';

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
  const logger = createLogger(config.log);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), createHttpAdapter(), {
    ...nestApplicationOptions,
    // Nest's own lines (and every `new Logger(context)`) go through the same logger.
    logger: new NestPinoLogger(logger),
  });
  configureApp(app, config);
  const boot = new Logger('Bootstrap');
  const targets = {
    readiness: app.get(Readiness),
    admission: app.get(AdmissionGate),
    streams: app.get(StreamRegistry),
  };
  drainOnSignals(app, config, targets, new Logger('Shutdown'), async () => {
    // Spans still queued are exported before the process exits.
    await tracing?.shutdown();
    logger.flush();
  });
  await app.listen(config.port, config.host);
  const mode = config.clerk.jwtKey ? 'networkless (CLERK_JWT_KEY)' : `JWKS from ${config.clerk.apiUrl}`;
  boot.log(`Listening on ${await app.getUrl()} (verification: ${mode})`);
  const { maxInFlight, maxQueued, maxQueueMs } = config.admission;
  boot.log(
    maxInFlight === 0
      ? 'tRPC admission gate off (TRPC_MAX_IN_FLIGHT=0)'
      : `tRPC admission: ${maxInFlight} calls at once, ${maxQueued} waiting for at most ${maxQueueMs} ms`,
  );
  if (tracing && config.tracing) {
    boot.log(
      `Tracing on: ${config.tracing.exporter} (${config.tracing.protocol}), sampler ${config.tracing.sampler.name}`,
    );
  }
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
