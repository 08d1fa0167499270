import { Module } from '@nestjs/common';

import { RequestAuthenticator } from '@stack/clerk-auth';

import { RejectionLog } from '../auth/rejection-log.js';
import { authProviders, CLERK_USERS, KEY_SOURCE } from './auth.providers.js';
import { CLERK_CLIENT, clerkClientProvider } from './clerk.provider.js';

/** Clerk's client, session verification and Backend API user access, for REST and tRPC alike. */
@Module({
  providers: [clerkClientProvider, ...authProviders, RejectionLog],
  exports: [CLERK_CLIENT, CLERK_USERS, KEY_SOURCE, RequestAuthenticator, RejectionLog],
})
export class ClerkModule {}
