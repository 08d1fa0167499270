import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';

import { RevocationList } from '@stack/clerk-auth';
import { APP_ROLES, type AppPermission, type RevocationFact } from '@stack/contracts';

import type { Revocation } from './revocation.js';
import { StreamRegistry } from './stream-registry.js';

/** What `note.changes` needs in an organization, as `note.list` does. */
const STREAM_PERMISSION: AppPermission = 'org:notes:read';
const rolesThatRead = new Set<string>(
  APP_ROLES.filter((role) => role.permissions.includes(STREAM_PERMISSION)).map((role) => role.key),
);

/** The streams a revocation ends, or null when the fact leaves every open stream's access intact. */
export function streamRevocationOf(fact: RevocationFact): Revocation | null {
  switch (fact.kind) {
    case 'user-deleted':
      return { kind: 'user', userId: fact.userId };
    case 'session-ended':
      return { kind: 'session', sessionId: fact.sessionId };
    case 'organization-deleted':
      return { kind: 'organization', orgId: fact.orgId };
    case 'membership-changed':
      // Removed, or demoted to a role that cannot read the notes: the streams opened there end.
      return fact.role !== null && rolesThatRead.has(fact.role)
        ? null
        : { kind: 'membership', orgId: fact.orgId, userId: fact.userId };
  }
}

/**
 * Ends the open streams whose access Clerk's webhooks revoked, on every instance: this instance's
 * RevocationList hears each fact as its own mirror commits it or as the change bus brings another
 * instance's, so a stream ends within the bus's latency of the webhook's 200. A reload of the list
 * (after the bus was down) ends nothing by itself: streams opened before it were judged when they
 * opened, and a stream lives at most SSE_MAX_DURATION_MS before it reconnects and is judged again.
 */
@Injectable()
export class StreamRevocations implements OnApplicationShutdown {
  private readonly unsubscribe: () => void;

  constructor(@Inject(RevocationList) list: RevocationList, @Inject(StreamRegistry) registry: StreamRegistry) {
    this.unsubscribe = list.subscribe({
      onFact: (fact) => {
        const revocation = streamRevocationOf(fact);
        if (revocation) registry.revoke(revocation);
      },
      onReset: () => {},
    });
  }

  onApplicationShutdown(): void {
    this.unsubscribe();
  }
}
