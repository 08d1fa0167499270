import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

import { migratePostgres } from '../src/migrations.js';
import { startThrowawayPostgres } from '../src/testing/throwaway-postgres.js';

export const TEMPLATE_DATABASE = 'stack_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's throwaway server's `postgres` database; files create their own from the template. */
    postgresAdminUrl: string;
  }
}

/** One PostgreSQL server per test run, with a migrated template database each test file copies. */
export default async function setup(project: TestProject) {
  const server = await startThrowawayPostgres();
  const templateUrl = await server.createDatabase(TEMPLATE_DATABASE);
  await migratePostgres(templateUrl);
  project.provide('postgresAdminUrl', server.url());
  return () => server.stop();
}
