// `@stack/test-kit/postgres`: PostgreSQL for tests and tools, no Docker, no download.
export { postgresBinDir } from './postgres-bin.js';
export { createTestDatabase, provideSharedPostgres, TEMPLATE_DATABASE } from './shared-postgres.js';
export { startThrowawayPostgres, type ThrowawayPostgres, withClient } from './throwaway-postgres.js';
