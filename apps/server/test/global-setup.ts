import type { TestProject } from 'vitest/node';

import { migratePostgres } from '@stack/db';
import { provideSharedPostgres } from '@stack/test-kit/postgres';

/** The run's one PostgreSQL (shared with packages/db's tests), its template migrated; files copy it. */
export default (project: TestProject) => provideSharedPostgres(project, migratePostgres);
