// The run's one PostgreSQL with the app's migrated template: `pnpm dev`'s API gets a copy.
export { provideAppPostgres as default } from '@stack/test-harness';
