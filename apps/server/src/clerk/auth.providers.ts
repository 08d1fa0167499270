import type { ClerkClient } from '@clerk/backend';
import { Logger, type Provider } from '@nestjs/common';

import type { UserDirectory } from '@stack/api';
import {
  createResilientUserDirectory,
  JwksKeySource,
  type KeySource,
  RequestAuthenticator,
  SessionVerifier,
  StaticKeySource,
} from '@stack/clerk-auth';
import type { OpenDatabase } from '@stack/db';

import { CoherentUserDirectory } from '../changes/coherent-user-directory.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE } from '../db/db.tokens.js';
import { CLERK_CLIENT } from './clerk.provider.js';

export const KEY_SOURCE = Symbol('KEY_SOURCE');
export const USER_DIRECTORY = Symbol('USER_DIRECTORY');

const logger = new Logger('ClerkKeys');
const usersLogger = new Logger('ClerkUsers');

/** How long a cached profile is served while the change feed is up (writes elsewhere evict it). */
const USER_CACHE_TTL_MS = 60_000;
/**
 * While the feed is down, changes made through other instances go unheard: a cached profile is
 * then served at most this long after it was loaded. This is the stated staleness bound.
 */
export const USER_CACHE_TTL_WITHOUT_FEED_MS = 5_000;

export const authProviders: Provider[] = [
  {
    provide: KEY_SOURCE,
    inject: [APP_CONFIG, CLERK_CLIENT],
    useFactory: ({ clerk }: AppConfig, client: ClerkClient): KeySource =>
      clerk.jwtKey
        ? new StaticKeySource(clerk.jwtKey)
        : new JwksKeySource({ fetchJwks: () => client.jwks.getJwks(), log: (message) => logger.warn(message) }),
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
    provide: USER_DIRECTORY,
    inject: [CLERK_CLIENT, DATABASE],
    useFactory: (client: ClerkClient, database: OpenDatabase): UserDirectory => {
      const feed = database.changes;
      const cache = createResilientUserDirectory(client, {
        breaker: { onStateChange: (state, why) => usersLogger.warn(`Backend API circuit ${state}: ${why}`) },
        cache: { ttlMs: () => (feed.health().connected ? USER_CACHE_TTL_MS : USER_CACHE_TTL_WITHOUT_FEED_MS) },
      });
      return new CoherentUserDirectory(cache, database);
    },
  },
];
