import { migratePostgres } from '@stack/db';
import { provideSharedPostgres } from '@stack/test-kit/postgres';

/**
 * The Vitest global setup of every project whose tests run the app on PostgreSQL: the run's one
 * throwaway server (shared with packages/db's tests, which migrate with the same function), its
 * template database migrated by the app's own migrations. Tests copy it with the test kit's
 * `createTestDatabase(inject('postgresAdminUrl'))`.
 */
export const provideAppPostgres = (project: Parameters<typeof provideSharedPostgres>[0]) =>
  provideSharedPostgres(project, migratePostgres);
