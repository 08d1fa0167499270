import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { SERVER_MAIN, WEB_ROOT } from '@stack/test-harness';

import { chooseClerkMode, ClerkModeError } from './clerk-mode.js';
import type { DevClerk } from './dev-clerk.js';
import { startEmulatorClerk } from './emulator-clerk.js';
import { loadLocalEnv } from './local-env.js';
import { devPorts, HOST } from './ports.js';
import { realClerk } from './real-clerk.js';
import { restartOnChange } from './restart-on-change.js';
import { restartableServer } from './server-process.js';
import { spawnApp } from './spawn-app.js';
import { watchBuilds } from './watch-builds.js';

// Paths are resolved from the workspace root (pnpm runs scripts in this package's folder).
const root = path.resolve(import.meta.dirname, '../../../..');

const { values: flags } = parseArgs({ options: { emulator: { type: 'boolean' } } });
const fromLocalEnv = loadLocalEnv(path.join(root, '.env.local'));
let mode;
try {
  mode = chooseClerkMode(process.env, flags.emulator ?? false);
} catch (error) {
  if (!(error instanceof ClerkModeError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const ports = devPorts(process.env);
const clerk: DevClerk =
  mode.kind === 'emulator' ? await startEmulatorClerk(root, ports) : realClerk(mode, ports, process.env);

// The API and the workspace packages it runs, rebuilt by tsc on every save; the server restarts
// when their output changes. The web app needs none of this: `next dev` reloads on its own.
const SERVER_PACKAGES = ['packages/api', 'packages/clerk-auth', 'packages/nest-trpc', 'packages/db', 'apps/server'];
const builds = watchBuilds(root, SERVER_PACKAGES);
await builds.ready;

const server = restartableServer(SERVER_MAIN, {
  NODE_ENV: 'development',
  PORT: String(ports.api),
  HOST,
  CLERK_AUTHORIZED_PARTIES: ports.webOrigin,
  CLERK_TELEMETRY_DISABLED: '1',
  // The embedded database, seeded with acme's and Grace's notes (pnpm db:migrate uses the same dir),
  // unless the environment or .env.local names one (DATABASE_URL for PostgreSQL, or PGLITE_DIR).
  ...(process.env['DATABASE_URL'] || process.env['PGLITE_DIR'] ? {} : { PGLITE_DIR: path.join(root, '.data/pglite') }),
  ...clerk.serverEnv,
});
const stopWatching = restartOnChange(
  SERVER_PACKAGES.map((dir) => path.join(root, dir, 'dist')),
  async () => {
    console.log('[dev] server code rebuilt: restarting the API');
    await server.restart();
  },
);

// The web app in development mode (hot reload). `-H localhost`: Next rewrites through its own
// `localhost` URL, and Clerk's middleware rewrites every request, so it must listen under that name.
const nextBin = createRequire(path.join(WEB_ROOT, 'package.json')).resolve('next/dist/bin/next');
const web = spawnApp('web', nextBin, {
  args: ['dev', '-p', String(ports.web), '-H', 'localhost'],
  cwd: WEB_ROOT,
  env: { ...clerk.webEnv, API_URL: ports.apiOrigin, APP_ORIGIN: ports.webOrigin, NEXT_TELEMETRY_DISABLED: '1' },
});

const modeLine =
  mode.kind === 'emulator'
    ? 'Mode             local Clerk emulator (no keys: put CLERK_SECRET_KEY and NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY in .env.local to use your Clerk instance)'
    : `Mode             real Clerk (keys from ${fromLocalEnv.includes('CLERK_SECRET_KEY') ? '.env.local' : 'the environment'}; \`pnpm dev --emulator\` for the local emulator)`;
console.log(
  [
    '',
    modeLine,
    `Web app          ${ports.webOrigin}   ← open this`,
    `API server       ${ports.apiOrigin}   (tRPC at /trpc, REST at /api/profile)`,
    ...clerk.banner,
    '',
  ]
    .map((line) => (line ? `  ${line}` : line))
    .join('\n'),
);

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  stopWatching();
  builds.stop();
  const apiStopped = server.stop(); // first: its exit (Ctrl-C reaches it too) is expected from now on
  await Promise.all([web.stop(), apiStopped]);
  await clerk.close();
  process.exit(code);
}
void web.exited.then((code) => {
  if (!stopping) console.error(`[dev] the web app exited (${code ?? 'signal'})`);
  void stop(typeof code === 'number' ? code : 1);
});
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
