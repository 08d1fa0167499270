import { Module } from '@nestjs/common';

import { RequestAuthenticator } from '@stack/clerk-auth';

import { DatabaseModule } from '../db/database.module.js';
import { authProviders, KEY_SOURCE, USER_DIRECTORY } from './auth.providers.js';
import { CLERK_CLIENT, clerkClientProvider } from './clerk.provider.js';

/** Clerk's client, session verification and the user directory, for REST and tRPC alike. */
@Module({
  imports: [DatabaseModule],
  providers: [clerkClientProvider, ...authProviders],
  exports: [CLERK_CLIENT, KEY_SOURCE, RequestAuthenticator, USER_DIRECTORY],
})
export class ClerkModule {}
