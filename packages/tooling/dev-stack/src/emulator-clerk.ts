import path from 'node:path';

import { startClerkEmulator } from '@stack/clerk-emulator';
import { DEV_SEED, serverEnv, webEnv } from '@stack/test-harness';

import type { DevClerk } from './dev-clerk.js';
import { type DevPorts, HOST } from './ports.js';
import { seededUserLines } from './seeded-users.js';

/**
 * The local Clerk emulator, seeded with the dev users and organizations, persisted under
 * `.data/clerk-emulator/`, sending its webhooks to the API: no account, no keys, no tunnel.
 */
export async function startEmulatorClerk(root: string, ports: DevPorts): Promise<DevClerk> {
  const dataDir = path.join(root, '.data/clerk-emulator');
  const webhookEndpoint = `http://${HOST}:${ports.api}/webhooks/clerk`;
  const emulator = await startClerkEmulator({
    port: ports.emulator,
    host: HOST,
    seed: DEV_SEED,
    // Persisted, so tokens, accounts and signed-in browsers survive restarts of `pnpm dev`
    // (delete .data/clerk-emulator/store.json to start over from the seed).
    keyFile: path.join(dataDir, 'instance.json'),
    storeFile: path.join(dataDir, 'store.json'),
    // The web app may drive the Frontend API (sign-ins, handshake redirects); no other site may.
    allowedOrigins: [ports.webOrigin],
    // There is no mail: the code a user would have been emailed is printed here.
    onVerificationCode: (email, code) => console.log(`[clerk] verification code for ${email}: ${code}`),
    // Every change (sign-up, <UserProfile/> edits, Backend API calls) is POSTed to the API server,
    // signed with the instance's persisted whsec_ secret; Svix's retry hours compressed to minutes,
    // so events sent while the API restarts arrive once it is back.
    webhooks: {
      endpoints: [webhookEndpoint],
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
  const ada = emulator.users.findByEmail('ada@example.com');
  const token = ada
    ? await emulator.mintSessionToken({ userId: ada.id, azp: ports.webOrigin, expiresInSeconds: 3600 })
    : null;
  return {
    // JWKS mode, as an instance without CLERK_JWT_KEY runs; the emulator's webhooks keep the
    // database's user mirror in step (POST /webhooks/clerk).
    serverEnv: serverEnv(emulator, { mode: 'jwks', authorizedParties: ports.webOrigin, webhooks: true }),
    // Clerk's keys (NEXT_PUBLIC_CLERK_* too), CLERK_FAPI_URL for the web's /__clerk proxy, the API's URL.
    webEnv: webEnv(emulator, { apiUrl: ports.apiOrigin, appOrigin: ports.webOrigin }),
    banner: [
      `Clerk            the local emulator, ${emulator.url}   (Backend API, Frontend API, clerk-js ${emulator.scripts.packages.map((p) => `${p.name}@${p.version}`).join(' + ')})`,
      `  publishable key  ${emulator.publishableKey}`,
      `  secret key       ${emulator.secretKey}`,
      `  sign-up code     ${emulator.verificationCode}   (any email; no mail is sent)`,
      `  playground       ${emulator.url}/playground   (real clerk-js on the emulator's own origin)`,
      `  webhooks         ${webhookEndpoint}   (secret in .data/clerk-emulator/instance.json; log: ${emulator.url}/__emulator/webhooks)`,
      `Seeded users (email, password):`,
      ...seededUserLines().map((line) => `  ${line}`),
      ...(token
        ? [
            `Try the API (token valid 1 h, for Ada):`,
            `  curl -H 'Authorization: Bearer ${token}' http://${HOST}:${ports.api}/trpc/profile.me`,
          ]
        : []),
    ],
    close: () => emulator.close(),
  };
}
