import './provided-context.js';

import { randomBytes } from 'node:crypto';

import { startThrowawayPostgres, type ThrowawayPostgres, withClient } from './throwaway-postgres.js';

export const TEMPLATE_DATABASE = 'stack_template';

interface Shared {
  server: Promise<ThrowawayPostgres>;
  users: number;
}

// Vitest runs every project's global setup in its main process, each through its own module
// runner: the one server per run is kept on globalThis, so projects share it.
const KEY = Symbol.for('@stack/test-kit:shared-postgres');
const registry = globalThis as { [KEY]?: Shared };

/**
 * For a Vitest global setup: one throwaway PostgreSQL per test run, whichever projects ask, with
 * a template database that `prepareTemplate` fills once (migrations); `provide` hands its admin
 * URL to the tests (`inject('postgresAdminUrl')`), which copy the template with
 * `createTestDatabase`. Returns the teardown: the last project to finish stops it.
 */
export async function provideSharedPostgres(
  project: { provide(key: 'postgresAdminUrl', value: string): void },
  prepareTemplate: (templateUrl: string) => Promise<void>,
): Promise<() => Promise<void>> {
  const shared = (registry[KEY] ??= {
    users: 0,
    server: (async () => {
      const server = await startThrowawayPostgres();
      await prepareTemplate(await server.createDatabase(TEMPLATE_DATABASE));
      return server;
    })(),
  });
  shared.users++;
  const server = await shared.server;
  project.provide('postgresAdminUrl', server.url());
  return async () => {
    if (--shared.users > 0) return;
    delete registry[KEY];
    await server.stop();
  };
}

/**
 * A fresh database on the run's server: a copy of the migrated template (a few milliseconds), or
 * with `template: null` an empty one (what a first boot meets). Returns its URL.
 */
export async function createTestDatabase(
  adminUrl: string,
  options: { template?: string | null } = {},
): Promise<string> {
  const template = options.template === undefined ? TEMPLATE_DATABASE : options.template;
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) =>
    client.query(`create database "${name}"${template ? ` template "${template}"` : ''}`),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
