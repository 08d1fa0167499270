import { type ClerkClient, createClerkClient } from '@clerk/backend';
import type { Provider } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

export const CLERK_CLIENT = Symbol('CLERK_CLIENT');

/** Clerk's Backend API client. It reads no environment itself, so everything is passed here. */
export const clerkClientProvider: Provider<ClerkClient> = {
  provide: CLERK_CLIENT,
  inject: [APP_CONFIG],
  useFactory: ({ clerk }: AppConfig) =>
    createClerkClient({
      secretKey: clerk.secretKey,
      publishableKey: clerk.publishableKey,
      apiUrl: clerk.apiUrl,
      // The SDK samples usage to Clerk's telemetry service by default; a server should not phone home.
      telemetry: { disabled: true },
      ...(clerk.jwtKey ? { jwtKey: clerk.jwtKey } : {}),
    }),
};
