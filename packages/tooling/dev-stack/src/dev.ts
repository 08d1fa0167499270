import { createRequire } from 'node:module';
import path from 'node:path';

import { startClerkEmulator } from '@stack/clerk-emulator';
import { DEV_SEED, SERVER_MAIN, serverEnv, WEB_ROOT, webEnv } from '@stack/test-harness';

import { API_ORIGIN, EMULATOR_PORT, HOST, SERVER_PORT, WEB_ORIGIN, WEB_PORT } from './ports.js';
import { restartOnChange } from './restart-on-change.js';
import { restartableServer } from './server-process.js';
import { spawnApp } from './spawn-app.js';
import { watchBuilds } from './watch-builds.js';

// Paths are resolved from the workspace root (pnpm runs scripts in this package's folder).
const root = path.resolve(import.meta.dirname, '../../../..');
const dataDir = path.join(root, '.data/clerk-emulator');
// The API server's webhook route (127.0.0.1: `localhost` may resolve to ::1, where nothing listens).
const WEBHOOK_ENDPOINT = `http://${HOST}:${SERVER_PORT}/webhooks/clerk`;

const emulator = await startClerkEmulator({
  port: EMULATOR_PORT,
  host: HOST,
  seed: DEV_SEED,
  // Persisted, so tokens, accounts and signed-in browsers survive restarts of `pnpm dev`
  // (delete .data/clerk-emulator/store.json to start over from the seed).
  keyFile: path.join(dataDir, 'instance.json'),
  storeFile: path.join(dataDir, 'store.json'),
  // The web app may drive the Frontend API (sign-ins, handshake redirects); no other site may.
  allowedOrigins: [WEB_ORIGIN],
  // There is no mail: the code a user would have been emailed is printed here.
  onVerificationCode: (email, code) => console.log(`[clerk] verification code for ${email}: ${code}`),
  // Every change (sign-up, <UserProfile/> edits, Backend API calls) is POSTed to the API server,
  // signed with the instance's persisted whsec_ secret; Svix's retry hours compressed to minutes,
  // so events sent while the API restarts arrive once it is back.
  webhooks: {
    endpoints: [WEBHOOK_ENDPOINT],
    retrySchedule: [1_000, 5_000, 30_000, 120_000, 600_000],
    onAttempt: (record, attempt) => {
      const ok = attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300;
      if (!ok)
        console.log(
          `[clerk] webhook ${record.type} ${record.messageId}: ${attempt.status ?? attempt.error ?? 'failed'} (attempt ${record.attempts.length}${record.state === 'failed' ? ', gave up' : ', will retry'})`,
        );
    },
  },
});

// The API and the workspace packages it runs, rebuilt by tsc on every save; the server restarts
// when their output changes. The web app needs none of this: `next dev` reloads on its own.
const SERVER_PACKAGES = ['packages/api', 'packages/clerk-auth', 'packages/nest-trpc', 'packages/db', 'apps/server'];
const builds = watchBuilds(root, SERVER_PACKAGES);
await builds.ready;

const server = restartableServer(SERVER_MAIN, {
  NODE_ENV: 'development',
  PORT: String(SERVER_PORT),
  HOST,
  // JWKS mode, as an instance without CLERK_JWT_KEY runs; the emulator's webhooks keep the
  // database's user mirror in step (POST /webhooks/clerk).
  ...serverEnv(emulator, { mode: 'jwks', authorizedParties: WEB_ORIGIN, webhooks: true }),
  // The embedded database, seeded with acme's and Grace's notes (pnpm db:migrate uses the same dir).
  PGLITE_DIR: path.join(root, '.data/pglite'),
});
const stopWatching = restartOnChange(
  SERVER_PACKAGES.map((dir) => path.join(root, dir, 'dist')),
  async () => {
    console.log('[dev] server code rebuilt: restarting the API');
    await server.restart();
  },
);

// The variables the web app gets: Clerk's (CLERK_*, NEXT_PUBLIC_CLERK_*), CLERK_FAPI_URL, API_URL.
const env = webEnv(emulator, { apiUrl: API_ORIGIN });

// The web app in development mode (hot reload). `-H localhost`: Next rewrites through its own
// `localhost` URL, and Clerk's middleware rewrites every request, so it must listen under that name.
const nextBin = createRequire(path.join(WEB_ROOT, 'package.json')).resolve('next/dist/bin/next');
const web = spawnApp('web', nextBin, {
  args: ['dev', '-p', String(WEB_PORT), '-H', 'localhost'],
  cwd: WEB_ROOT,
  env,
});

const ada = emulator.users.findByEmail('ada@example.com');
const token = ada ? await emulator.mintSessionToken({ userId: ada.id, azp: WEB_ORIGIN, expiresInSeconds: 3600 }) : null;
console.log(`
  Clerk emulator   ${emulator.url}   (Backend API, Frontend API, clerk-js ${emulator.scripts.packages.map((p) => `${p.name}@${p.version}`).join(' + ')})
    publishable key  ${emulator.publishableKey}
    secret key       ${emulator.secretKey}
    web app wiring   NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=${env['NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY']} NEXT_PUBLIC_CLERK_PROXY_URL=${env['NEXT_PUBLIC_CLERK_PROXY_URL']} CLERK_FAPI_URL=${env['CLERK_FAPI_URL']}
    sign-up code     ${emulator.verificationCode}   (any email; no mail is sent)
    try it           ${emulator.url}/playground   (real clerk-js: sign in as a seeded user, or sign up)
    webhooks         ${WEBHOOK_ENDPOINT}   (secret in .data/clerk-emulator/instance.json; log: ${emulator.url}/__emulator/webhooks)
  Web app          ${WEB_ORIGIN}   ← open this; sign in as a seeded user
  API server       ${API_ORIGIN}   (tRPC at /trpc, REST at /api/profile)
  Seeded users     ada@example.com / correct-horse-battery, grace@example.com / another-long-pass
${token ? `\n  Try it (token valid 1 h, for Ada):\n    curl -H 'Authorization: Bearer ${token}' http://${HOST}:${SERVER_PORT}/trpc/profile.me\n` : ''}`);

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  stopWatching();
  builds.stop();
  await Promise.all([web.stop(), server.stop()]);
  await emulator.close();
  process.exit(code);
}
void web.exited.then((code) => stop(typeof code === 'number' ? code : 1));
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
