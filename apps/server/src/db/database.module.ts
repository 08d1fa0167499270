import { Logger, Module } from '@nestjs/common';

import { type OpenDatabase, openDatabase, seedDevelopmentData } from '@stack/db';

import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DatabaseLifecycle } from './database.lifecycle.js';
import { DATABASE } from './db.tokens.js';

const logger = new Logger('Database');

/** The open database (migrated at boot) and its change feed; depends on nothing but the config. */
@Module({
  providers: [
    {
      provide: DATABASE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<OpenDatabase> => {
        const started = Date.now();
        const options = config.database;
        const database = await openDatabase(
          options.kind === 'postgres' ? { ...options, log: (message) => logger.warn(message) } : options,
        );
        if (config.env === 'development') await seedDevelopmentData(database.db);
        const where = options.kind === 'pglite' ? ` in ${options.dataDir}` : '';
        logger.log(`${database.kind}${where} ready in ${Date.now() - started} ms`);
        return database;
      },
    },
    DatabaseLifecycle,
  ],
  exports: [DATABASE],
})
export class DatabaseModule {}
