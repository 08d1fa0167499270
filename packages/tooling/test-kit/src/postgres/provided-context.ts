import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's shared PostgreSQL (`postgres` database); tests copy the template with createTestDatabase. */
    postgresAdminUrl: string;
  }
}
