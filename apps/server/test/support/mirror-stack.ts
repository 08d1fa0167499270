import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { INestApplication } from '@nestjs/common';
import { inject } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import type { OpenDatabase } from '@stack/db';
import { createTestDatabase } from '@stack/test-kit/postgres';

import type { AppConfig } from '../../src/config/app-config.js';
import { DATABASE } from '../../src/db/db.tokens.js';
import { bootApp } from './boot-app.js';
import { emulatorConfig } from './emulator-config.js';
import { seed, WEB_ORIGIN } from './start-server.js';

export const DRIVERS = ['pglite', 'postgres'] as const;
export type Driver = (typeof DRIVERS)[number];

/**
 * One emulator and one database that outlive the server: `restart()` replaces the server with a
 * freshly booted one (new caches, same database), as a second process or a restart would.
 */
export interface MirrorStack {
  emulator: ClerkEmulator;
  secret: string;
  url: string;
  app: INestApplication;
  db(): OpenDatabase['db'];
  adaId: string;
  token(userId: string): Promise<string>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The emulator retries a failed delivery after these delays (Svix's hours, compressed). */
const TEST_RETRY_SCHEDULE = [50, 100, 200, 400, 800];

/**
 * `deliver`: the emulator POSTs its webhooks (every change made through its APIs or its store) to
 * the server's /webhooks/clerk, signed with its secret, which is the server's
 * CLERK_WEBHOOK_SIGNING_SECRET either way.
 */
export async function startMirrorStack(driver: Driver, { deliver = false } = {}): Promise<MirrorStack> {
  const emulator = await startClerkEmulator({ seed, webhooks: { retrySchedule: TEST_RETRY_SCHEDULE } });
  const secret = emulator.webhooks.secret;
  let dataDir: string | undefined;
  let database: Record<string, string>;
  if (driver === 'postgres') {
    database = { DATABASE_URL: await createTestDatabase(inject('postgresAdminUrl')) };
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'mirror-stack-'));
    database = { PGLITE_DIR: path.join(dataDir, 'pglite') };
  }
  const config: AppConfig = await emulatorConfig(emulator, {
    jwtKey: true,
    authorizedParties: WEB_ORIGIN,
    env: { CLERK_WEBHOOK_SIGNING_SECRET: secret, ...database },
  });
  const stack = {
    emulator,
    secret,
    adaId: emulator.users.findByEmail('ada@example.com')!.id,
    token: (userId: string) => emulator.mintSessionToken({ userId, azp: WEB_ORIGIN, expiresInSeconds: 3600 }),
    db: () => stack.app.get<OpenDatabase>(DATABASE).db,
    restart: async () => {
      await stack.app.close();
      if (deliver) emulator.webhooks.removeEndpoint(`${stack.url}/webhooks/clerk`);
      Object.assign(stack, await bootApp(config));
      if (deliver) emulator.webhooks.addEndpoint(`${stack.url}/webhooks/clerk`);
    },
    close: async () => {
      await stack.app?.close();
      await emulator.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    ...(await bootApp(config)),
  };
  if (deliver) emulator.webhooks.addEndpoint(`${stack.url}/webhooks/clerk`);
  return stack;
}
