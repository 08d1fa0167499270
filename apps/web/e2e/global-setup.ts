// The run's one PostgreSQL with the app's migrated template: each stack's API gets a copy.
export { provideAppPostgres as default } from '@stack/test-harness';
