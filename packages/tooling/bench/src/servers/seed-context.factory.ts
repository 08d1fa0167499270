import type { IncomingMessage } from 'node:http';

import { verifyToken } from '@clerk/backend';
import { Inject, Injectable } from '@nestjs/common';

import { createTRPCContext, type TRPCContext } from '@stack/api';
import { InMemoryNoteChanges, InMemoryNoteService } from '@stack/api/testing';
import { ClerkUserDirectory, extractSessionToken } from '@stack/clerk-auth';

import { SEED_CLERK, type SeedClerk } from './seed-clerk.module.js';

/**
 * The seed's guard, as a tRPC context: Clerk's `verifyToken` on every request (its JWKS cache
 * is the only cache), and an uncached user directory, so `profile.me` calls `users.getUser`.
 */
@Injectable()
export class SeedContextFactory {
  private readonly services: TRPCContext['services'];

  constructor(@Inject(SEED_CLERK) private readonly clerk: SeedClerk) {
    const notes = new InMemoryNoteService();
    this.services = { users: new ClerkUserDirectory(clerk.client), notes, noteChanges: new InMemoryNoteChanges(notes) };
  }

  async create({ req }: { req: IncomingMessage }): Promise<TRPCContext> {
    const extracted = extractSessionToken(req);
    if (extracted.kind !== 'token') return createTRPCContext({ auth: null, services: this.services });
    try {
      const claims = await verifyToken(extracted.token, {
        secretKey: this.clerk.secretKey,
        apiUrl: this.clerk.apiUrl,
        authorizedParties: this.clerk.authorizedParties,
      });
      const auth = {
        userId: claims.sub,
        sessionId: claims.sid,
        orgId: null,
        orgSlug: null,
        orgRole: null,
        orgPermissions: [],
      };
      return createTRPCContext({ auth, services: this.services });
    } catch {
      return createTRPCContext({ auth: null, services: this.services });
    }
  }
}
