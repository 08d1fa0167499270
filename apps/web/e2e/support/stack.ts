import { inject } from 'vitest';

import { type FullStack, type FullStackOptions, startFullStack } from '@stack/test-harness';
import { createTestDatabase } from '@stack/test-kit/postgres';

/**
 * The built apps (the harness's full stack), the API on a fresh copy of the run's migrated
 * PostgreSQL template (e2e/global-setup.ts): starting an in-memory PGlite costs each API seconds
 * of CPU while the other files' stacks start too.
 */
export async function startE2EStack(options: Omit<FullStackOptions, 'databaseUrl'> = {}): Promise<FullStack> {
  return startFullStack({ ...options, databaseUrl: await createTestDatabase(inject('postgresAdminUrl')) });
}
