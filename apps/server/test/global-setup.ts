// The run's one PostgreSQL (shared with packages/db's tests), its template migrated; files copy it.
export { provideAppPostgres as default } from '@stack/test-harness';
