import { type ClerkClient, createClerkClient } from '@clerk/backend';
import { Module } from '@nestjs/common';

export const SEED_CLERK = Symbol('SEED_CLERK');

export interface SeedClerk {
  client: ClerkClient;
  secretKey: string;
  apiUrl: string;
  authorizedParties: string[];
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

/** Clerk's client configured from the same variables the real server reads. */
@Module({
  providers: [
    {
      provide: SEED_CLERK,
      useFactory: (): SeedClerk => {
        const secretKey = required('CLERK_SECRET_KEY');
        const apiUrl = required('CLERK_API_URL');
        const publishableKey = required('CLERK_PUBLISHABLE_KEY');
        return {
          client: createClerkClient({ secretKey, publishableKey, apiUrl, telemetry: { disabled: true } }),
          secretKey,
          apiUrl,
          authorizedParties: required('CLERK_AUTHORIZED_PARTIES').split(','),
        };
      },
    },
  ],
  exports: [SEED_CLERK],
})
export class SeedClerkModule {}
