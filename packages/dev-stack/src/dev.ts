import path from 'node:path';

import { DEV_SEED_FILE, startClerkEmulator } from '@stack/clerk-emulator';

import { EMULATOR_PORT, HOST, SERVER_PORT, WEB_ORIGIN } from './ports.js';
import { spawnApp } from './spawn-app.js';

// Paths are resolved from the workspace root (pnpm runs scripts in this package's folder).
const root = path.resolve(import.meta.dirname, '../../..');

const emulator = await startClerkEmulator({
  port: EMULATOR_PORT,
  host: HOST,
  seed: DEV_SEED_FILE,
  // Persisted, so tokens and sessions survive restarts of `pnpm dev`.
  keyFile: path.join(root, '.data/clerk-emulator/instance.json'),
});

const server = spawnApp('server', path.join(root, 'apps/server/dist/main.js'), {
  NODE_ENV: 'development',
  PORT: String(SERVER_PORT),
  HOST,
  CLERK_SECRET_KEY: emulator.secretKey,
  CLERK_PUBLISHABLE_KEY: emulator.publishableKey,
  CLERK_API_URL: emulator.url,
  CLERK_AUTHORIZED_PARTIES: WEB_ORIGIN,
});

const ada = emulator.users.findByEmail('ada@example.com');
const token = ada ? await emulator.mintSessionToken({ userId: ada.id, azp: WEB_ORIGIN, expiresInSeconds: 3600 }) : null;
console.log(`
  Clerk emulator   ${emulator.url}   (publishable key ${emulator.publishableKey})
  API server       http://${HOST}:${SERVER_PORT}   (tRPC at /trpc, REST at /api/profile)
  Seeded users     ada@example.com / correct-horse-battery, grace@example.com / another-long-pass
${token ? `\n  Try it (token valid 1 h, for Ada):\n    curl -H 'Authorization: Bearer ${token}' http://${HOST}:${SERVER_PORT}/trpc/profile.me\n` : ''}`);

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.kill('SIGTERM');
  await emulator.close();
  process.exit(code);
}
server.on('exit', (code) => void stop(code ?? 1));
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
