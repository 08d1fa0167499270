import { type NoteChangeEvent, StreamEndedError } from '@stack/contracts';

import type { Database } from '../database.js';
import { BoundedQueue } from './bounded-queue.js';
import type { NoteEventHub } from './note-event-hub.js';
import { readScopeEvents, type StoredNoteEvent } from './note-event-reads.js';

export interface NoteEventStreamOptions {
  /** Live events queued for a client that reads slower than they come; past it the stream ends (retryably). */
  queueLimit: number;
  /** Aborts when the client leaves. */
  signal: AbortSignal;
  /** Called once when the stream stops following its scope, whatever the reason. */
  onClose?: () => void;
}

/** Events replayed per statement. */
const REPLAY_PAGE = 500;

/** An id this outbox issued: a decimal bigint that JavaScript holds exactly. */
function parseEventId(raw: string): number | null {
  if (!/^\d{1,16}$/.test(raw)) return null;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : null;
}

const resetAt = (seq: number): NoteChangeEvent => ({ id: String(seq), change: { kind: 'reset' } });

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('The client left');
  error.name = 'AbortError';
  return error;
}

/**
 * Awaits `work` unless `queue` ends first (a revocation or the client leaving during a slow read):
 * the stream stops at once, and `work`'s own outcome no longer matters.
 */
function unlessEnded<T>(queue: { untilEnded(): Promise<never> }, work: Promise<T>): Promise<T> {
  work.catch(() => {});
  return Promise.race([work, queue.untilEnded()]);
}

/**
 * One client's stream of a scope's changes. `open` joins the scope on the hub, so once it resolves
 * every event committed from then on is queued for this stream; iterating it then replays, given a
 * `lastEventId`, what the outbox holds above that id, and then serves the queue. Ids only grow, so
 * an event both replayed and queued is passed once (everything at or below the last one sent is
 * dropped). History that is gone (retention passed the id, or the id was never issued here) is a
 * `reset` at the scope's current head, and the stream goes on from there.
 */
export class NoteEventStream implements AsyncIterable<NoteChangeEvent> {
  private constructor(
    private readonly db: Database,
    private readonly key: string,
    private readonly lastEventId: string | null,
    private readonly queue: BoundedQueue<StoredNoteEvent>,
    private readonly joinedAt: number,
    private readonly leave: () => void,
  ) {}

  static async open(
    hub: NoteEventHub,
    db: Database,
    key: string,
    lastEventId: string | null,
    { queueLimit, signal, onClose }: NoteEventStreamOptions,
  ): Promise<NoteEventStream> {
    // Leaving is idempotent and happens on whichever comes first: the queue ending (overflow,
    // end(), the client leaving, the scope failing), the iteration finishing, or open failing. A
    // stream ended while its client is not reading (a full socket) leaves at once all the same.
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      membership.leave();
      signal.removeEventListener('abort', onAbort);
      onClose?.();
    };
    const queue = new BoundedQueue<StoredNoteEvent>(queueLimit, () => new StreamEndedError('slow-consumer'), leave);
    const membership = hub.join(key, {
      deliver: (events) => {
        for (const event of events) queue.push(event);
      },
      fail: (error) => queue.end(error),
    });
    const onAbort = () => queue.end(abortReason(signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    try {
      const joinedAt = await unlessEnded(queue, membership.joined);
      return new NoteEventStream(db, key, lastEventId, queue, joinedAt, leave);
    } catch (error) {
      leave();
      throw error;
    }
  }

  /** Ends the stream with `error` (revocation, lifetime, drain): a waiting reader gets it at once. */
  end(error: Error): void {
    this.queue.end(error);
  }

  [Symbol.asyncIterator](): AsyncIterator<NoteChangeEvent> {
    return this.run();
  }

  private async *run(): AsyncGenerator<NoteChangeEvent> {
    try {
      let position = this.joinedAt;
      if (this.lastEventId !== null) {
        const replay = this.replay(this.lastEventId);
        let step = await unlessEnded(this.queue, replay.next());
        for (; !step.done; step = await unlessEnded(this.queue, replay.next())) yield step.value;
        // The client has everything up to here. It can be above where this instance's hub stood
        // when the stream joined (the event came from another instance, and this hub has not read
        // it yet): the hub then delivers it again, and it must be dropped, not sent twice.
        position = Math.max(position, step.value);
      }
      for (;;) {
        const next = await this.queue.next();
        if (next.seq <= position) continue;
        position = next.seq;
        yield next.event;
      }
    } finally {
      this.leave();
    }
  }

  /**
   * The outbox's events above `lastEventId`, or a `reset` when they cannot all be had; returns the
   * id the client then stands at (the last one it has, replayed or its own).
   */
  private async *replay(lastEventId: string): AsyncGenerator<NoteChangeEvent, number> {
    const resume = parseEventId(lastEventId);
    let position = resume ?? 0;
    let page = await readScopeEvents(this.db, this.key, position, resume === null ? 0 : REPLAY_PAGE);
    if (resume === null || resume > page.issued) {
      yield resetAt(page.head);
      return page.head;
    }
    for (;;) {
      if (page.horizon > position) {
        yield resetAt(page.head);
        return page.head;
      }
      for (const { seq, event } of page.events) {
        position = seq;
        yield event;
      }
      if (page.events.length < REPLAY_PAGE) return position;
      page = await readScopeEvents(this.db, this.key, position, REPLAY_PAGE);
    }
  }
}
