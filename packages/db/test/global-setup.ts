import type { TestProject } from 'vitest/node';

import { provideSharedPostgres } from '@stack/test-kit/postgres';

import { migratePostgres } from '../src/migrations.js';

/** One PostgreSQL per test run (shared with the server's tests), with a migrated template each test file copies. */
export default (project: TestProject) => provideSharedPostgres(project, migratePostgres);
