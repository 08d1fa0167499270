import 'reflect-metadata';

import type { AddressInfo } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';

import type { AppRouter } from '@stack/api';
import { type ClerkEmulator, type EmulatorSeed, startClerkEmulator } from '@stack/clerk-emulator';

import { AppModule } from '../../src/app.module.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { configureApp, nestApplicationOptions } from '../../src/configure-app.js';
import { createHttpAdapter } from '../../src/http/http-adapter.js';
import { emulatorConfig } from './emulator-config.js';

export const WEB_ORIGIN = 'http://localhost:3000';
export const OTHER_WEB_ORIGIN = 'https://app.example.com';

export type VerificationMode = 'jwks' | 'jwt-key';

export interface TestStack {
  emulator: ClerkEmulator;
  app: INestApplication;
  config: AppConfig;
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** A typed client that sends `Authorization: Bearer <token>` when given one. */
  client(token?: string): TRPCClient<AppRouter>;
  /** A token for the seeded user Ada (org admin), from the emulator. */
  adaToken(overrides?: Parameters<ClerkEmulator['mintSessionToken']>[0]): Promise<string>;
  adaId: string;
  graceId: string;
  close(): Promise<void>;
}

export const seed = {
  users: [
    {
      email: 'ada@example.com',
      password: 'correct-horse-battery',
      firstName: 'Ada',
      lastName: 'Lovelace',
      organization: {
        id: 'org_acme',
        slug: 'acme',
        role: 'admin',
        permissions: ['org:reports:read', 'org:reports:manage'],
      },
    },
    { email: 'grace@example.com', password: 'another-long-pass', firstName: 'Grace', lastName: 'Hopper' },
  ],
};

/** The real server (Nest on Fastify, tRPC, Clerk SDK) on an ephemeral port, against a real emulator on another. */
export async function startServer(
  mode: VerificationMode,
  env: Record<string, string> = {},
  options: { seed?: EmulatorSeed } = {},
): Promise<TestStack> {
  const emulator = await startClerkEmulator({ seed: options.seed ?? seed });
  const config = emulatorConfig(emulator, {
    jwtKey: mode === 'jwt-key',
    authorizedParties: `${WEB_ORIGIN},${OTHER_WEB_ORIGIN}`,
    env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  // The production HTTP adapter (Fastify), as main.ts uses it.
  const app = moduleRef.createNestApplication(createHttpAdapter(), { ...nestApplicationOptions, logger: false });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const ada = emulator.users.findByEmail('ada@example.com');
  const grace = emulator.users.findByEmail('grace@example.com');
  if (!ada || !grace) throw new Error('seed users missing');

  return {
    emulator,
    app,
    config,
    url,
    adaId: ada.id,
    graceId: grace.id,
    client: (token) =>
      createTRPCClient<AppRouter>({
        links: [
          httpBatchLink({
            url: `${url}/trpc`,
            maxItems: 10,
            headers: token ? { authorization: `Bearer ${token}` } : {},
          }),
        ],
      }),
    adaToken: (overrides) => emulator.mintSessionToken({ userId: ada.id, azp: WEB_ORIGIN, ...overrides }),
    close: async () => {
      await app.close();
      await emulator.close();
    },
  };
}
