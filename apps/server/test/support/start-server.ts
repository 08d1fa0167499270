import type { INestApplication } from '@nestjs/common';
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';

import type { AppRouter } from '@stack/api';
import { type ClerkEmulator, type EmulatorSeed, startClerkEmulator } from '@stack/clerk-emulator';

import type { AppConfig } from '../../src/config/app-config.js';
import { bootApp, type BootOptions } from './boot-app.js';
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
  options: { seed?: EmulatorSeed; override?: BootOptions['override'] } = {},
): Promise<TestStack> {
  const emulator = await startClerkEmulator({ seed: options.seed ?? seed });
  const config = await emulatorConfig(emulator, {
    jwtKey: mode === 'jwt-key',
    authorizedParties: `${WEB_ORIGIN},${OTHER_WEB_ORIGIN}`,
    env,
  });
  const { app, url } = await bootApp(config, options.override ? { override: options.override } : {});

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
