// `@stack/db/testing`: a throwaway PostgreSQL for tests (no Docker, no download).
export { outboxOf } from './outbox.js';
export { PG_BIN, startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.js';
