import type { ClerkClient } from '@clerk/backend';
import { Logger, type Provider } from '@nestjs/common';

import {
  CircuitBreaker,
  ClerkUserDirectory,
  JwksKeySource,
  type KeySource,
  RequestAuthenticator,
  SessionVerifier,
  StaticKeySource,
} from '@stack/clerk-auth';
import type { UserDirectory } from '@stack/contracts';

import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { METRICS, type Metrics } from '../metrics/metrics.js';
import { CLERK_CLIENT } from './clerk.provider.js';

export const KEY_SOURCE = Symbol('KEY_SOURCE');
/** Users straight from Clerk's Backend API (timeout, circuit breaker; no cache): what the mirror falls back on. */
export const CLERK_USERS = Symbol('CLERK_USERS');

const logger = new Logger('ClerkKeys');
const usersLogger = new Logger('ClerkUsers');

export const authProviders: Provider[] = [
  {
    provide: KEY_SOURCE,
    inject: [APP_CONFIG, CLERK_CLIENT, METRICS],
    useFactory: ({ clerk }: AppConfig, client: ClerkClient, metrics: Metrics): KeySource =>
      clerk.jwtKey
        ? new StaticKeySource(clerk.jwtKey)
        : new JwksKeySource({
            fetchJwks: async () => {
              try {
                const jwks = await client.jwks.getJwks();
                metrics.backendApiRequest('ok');
                return jwks;
              } catch (error) {
                metrics.backendApiRequest('error');
                throw error;
              }
            },
            log: (message) => logger.warn(message),
          }),
  },
  {
    provide: SessionVerifier,
    inject: [APP_CONFIG, KEY_SOURCE],
    useFactory: ({ clerk }: AppConfig, keys: KeySource) =>
      new SessionVerifier({ keys, issuer: clerk.issuer, authorizedParties: clerk.authorizedParties }),
  },
  {
    provide: RequestAuthenticator,
    inject: [APP_CONFIG, SessionVerifier],
    useFactory: ({ clerk }: AppConfig, verifier: SessionVerifier) =>
      new RequestAuthenticator(verifier, clerk.authorizedParties),
  },
  {
    provide: CLERK_USERS,
    inject: [CLERK_CLIENT, METRICS],
    useFactory: (client: ClerkClient, metrics: Metrics): UserDirectory =>
      new ClerkUserDirectory(client, {
        breaker: new CircuitBreaker({
          onStateChange: (state, why) => usersLogger.warn(`Backend API circuit ${state}: ${why}`),
        }),
        onRequest: (outcome) => metrics.backendApiRequest(outcome),
      }),
  },
];
