import { Module } from '@nestjs/common';

import { ClerkModule } from '../clerk/clerk.module.js';
import { RevocationModule } from '../revocation/revocation.module.js';
import { RequestIdentity } from './request-identity.js';

/** Who is calling, once per request, for tRPC, REST and the rate limiter alike. */
@Module({
  imports: [ClerkModule, RevocationModule],
  providers: [RequestIdentity],
  exports: [RequestIdentity],
})
export class IdentityModule {}
