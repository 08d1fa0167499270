import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { INestApplication } from '@nestjs/common';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import type { OpenDatabase } from '@stack/db';
import { startThrowawayPostgres, type ThrowawayPostgres } from '@stack/db/testing';

import type { AppConfig } from '../../src/config/app-config.js';
import { DATABASE } from '../../src/db/db.tokens.js';
import { bootApp } from './boot-app.js';
import { emulatorConfig } from './emulator-config.js';
import { seed, WEB_ORIGIN } from './start-server.js';
import { newWebhookSecret } from './webhook-signer.js';

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

export async function startMirrorStack(driver: Driver): Promise<MirrorStack> {
  const emulator = await startClerkEmulator({ seed });
  const secret = newWebhookSecret();
  let postgres: ThrowawayPostgres | undefined;
  let dataDir: string | undefined;
  let database: Record<string, string>;
  if (driver === 'postgres') {
    postgres = await startThrowawayPostgres();
    database = { DATABASE_URL: await postgres.createDatabase('mirror') };
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'mirror-stack-'));
    database = { PGLITE_DIR: path.join(dataDir, 'pglite') };
  }
  const config: AppConfig = emulatorConfig(emulator, {
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
      Object.assign(stack, await bootApp(config));
    },
    close: async () => {
      await stack.app?.close();
      await emulator.close();
      await postgres?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    ...(await bootApp(config)),
  };
  return stack;
}
