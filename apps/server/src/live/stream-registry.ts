import { StreamEndedError, type StreamHolder, StreamRevokedError, TooManyStreamsError } from '@stack/contracts';

import type { StreamSettings } from '../config/app-config.js';
import { type Revocation, revocationCode } from './revocation.js';

/** A stream's place in the registry; `release` when it closes (idempotent). */
export interface StreamLease {
  release(): void;
}

interface Entry {
  holder: StreamHolder;
  end: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** Lifetimes are spread over up to this fraction more, so streams opened together (after a deploy) do not all reconnect together. */
const LIFETIME_SPREAD = 0.1;

/**
 * Every open live stream of this instance, whatever it streams, with who holds it: the one place
 * that bounds them (per user), ends them after their lifetime, ends them all on shutdown, and ends
 * those whose access was revoked (`revoke`, the single entry point for revocations). Ending a
 * stream tells its owner through the `end` callback given at `open`; the owner's stream then
 * throws the error to its client.
 */
export class StreamRegistry {
  private readonly entries = new Set<Entry>();
  private readonly perUser = new Map<string, number>();
  private draining = false;

  constructor(private readonly settings: Pick<StreamSettings, 'maxDurationMs' | 'maxPerUser'>) {}

  /**
   * Registers a stream of `holder`'s, or throws: TooManyStreamsError at the per-user limit,
   * StreamEndedError('draining') once the instance is shutting down.
   */
  open(holder: StreamHolder, end: (error: Error) => void): StreamLease {
    if (this.draining) throw new StreamEndedError('draining');
    const held = this.perUser.get(holder.userId) ?? 0;
    if (held >= this.settings.maxPerUser) throw new TooManyStreamsError(this.settings.maxPerUser);
    const lifetime = this.settings.maxDurationMs * (1 + LIFETIME_SPREAD * Math.random());
    const entry: Entry = {
      holder,
      end,
      timer: setTimeout(() => this.finish(entry, new StreamEndedError('expired')), lifetime),
    };
    this.entries.add(entry);
    this.perUser.set(holder.userId, held + 1);
    return { release: () => this.release(entry) };
  }

  /** Ends the streams `revocation` names, at once; returns how many. */
  revoke(revocation: Revocation): number {
    const code = revocationCode(revocation);
    return this.endWhere(
      (h) => matches(h, revocation),
      () => new StreamRevokedError(code),
    );
  }

  /** Refuses new streams and ends every open one retryably (the instance is going away); returns how many. */
  drain(): number {
    this.draining = true;
    return this.endWhere(
      () => true,
      () => new StreamEndedError('draining'),
    );
  }

  /** Open streams on this instance. */
  get size(): number {
    return this.entries.size;
  }

  /** Open streams of `userId` on this instance. */
  heldBy(userId: string): number {
    return this.perUser.get(userId) ?? 0;
  }

  private endWhere(match: (holder: StreamHolder) => boolean, error: () => Error): number {
    let ended = 0;
    for (const entry of [...this.entries]) {
      if (!match(entry.holder)) continue;
      this.finish(entry, error());
      ended++;
    }
    return ended;
  }

  private finish(entry: Entry, error: Error): void {
    if (!this.release(entry)) return;
    entry.end(error);
  }

  private release(entry: Entry): boolean {
    if (!this.entries.delete(entry)) return false;
    clearTimeout(entry.timer);
    const held = (this.perUser.get(entry.holder.userId) ?? 1) - 1;
    if (held > 0) this.perUser.set(entry.holder.userId, held);
    else this.perUser.delete(entry.holder.userId);
    return true;
  }
}

function matches(holder: StreamHolder, revocation: Revocation): boolean {
  switch (revocation.kind) {
    case 'user':
      return holder.userId === revocation.userId;
    case 'session':
      return holder.sessionId === revocation.sessionId;
    case 'membership':
      return holder.orgId === revocation.orgId && holder.userId === revocation.userId;
    case 'organization':
      return holder.orgId === revocation.orgId;
  }
}
