import type { NoteChangeEvent, NoteChangeStreams, NoteScope, StreamHolder } from '@stack/contracts';

import type { InMemoryNoteService, RecordedChange } from './in-memory-notes.js';

const sameScope = (a: NoteScope, b: NoteScope) =>
  a.kind === 'org' ? b.kind === 'org' && a.orgId === b.orgId : b.kind === 'personal' && a.userId === b.userId;

const eventOf = (recorded: RecordedChange): NoteChangeEvent => ({ id: String(recorded.seq), change: recorded.change });

/** A stream the fake serves, which a test may end with a stream error. */
interface OpenStream {
  holder: StreamHolder;
  end(error: Error): void;
}

/**
 * The NoteChangeStreams contract over InMemoryNoteService's change log, for tests of the router
 * and of clients: the scope's changes after `lastEventId` (replayed, then live) or from now on, a
 * `reset` for an id it never issued, and open streams a test can end (drain, revocation).
 */
export class InMemoryNoteChanges implements NoteChangeStreams {
  private readonly live = new Set<OpenStream>();
  /** Set while a test holds live delivery back (changes are still recorded and replayable). */
  private held: (() => void)[] | null = null;

  constructor(private readonly notes: InMemoryNoteService) {}

  /** The streams open now. */
  get streams(): readonly OpenStream[] {
    return [...this.live];
  }

  /**
   * Holds live delivery back until the returned function is called (then delivers what was held,
   * in order): a client's write can then race a change it has not heard of yet.
   */
  hold(): () => void {
    const held: (() => void)[] = [];
    this.held = held;
    return () => {
      if (this.held === held) this.held = null;
      for (const deliver of held) deliver();
    };
  }

  /** Ends every open stream (or those of `holder`'s user) with `error`. */
  endAll(error: Error, match: (holder: StreamHolder) => boolean = () => true): void {
    for (const stream of this.live) if (match(stream.holder)) stream.end(error);
  }

  async open(
    scope: NoteScope,
    holder: StreamHolder,
    lastEventId: string | null,
    signal: AbortSignal,
  ): Promise<AsyncIterable<NoteChangeEvent>> {
    const queue: NoteChangeEvent[] = [];
    let wake: (() => void) | null = null;
    const state: { failure: Error | null } = { failure: null };
    const stream: OpenStream = {
      holder,
      end: (error) => {
        state.failure ??= error;
        wake?.();
      },
    };
    const onAbort = () => stream.end(Object.assign(new Error('The client left'), { name: 'AbortError' }));
    signal.addEventListener('abort', onAbort, { once: true });
    const unsubscribe = this.notes.onChange((recorded) => {
      if (!sameScope(recorded.scope, scope)) return;
      const deliver = () => {
        queue.push(eventOf(recorded));
        wake?.();
      };
      if (this.held) this.held.push(deliver);
      else deliver();
    });
    this.live.add(stream);
    const head = this.notes.changes.length;
    const resume = lastEventId === null ? null : /^\d+$/.test(lastEventId) ? Number(lastEventId) : NaN;
    const replay: NoteChangeEvent[] =
      resume === null
        ? []
        : Number.isSafeInteger(resume) && resume <= head
          ? this.notes.changes
              .slice(resume)
              .filter((c) => sameScope(c.scope, scope))
              .map(eventOf)
          : [{ id: String(head), change: { kind: 'reset' } }];
    const live = this.live;
    await Promise.resolve();
    return (async function* () {
      try {
        yield* replay;
        for (;;) {
          while (queue.length === 0 && !state.failure) await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          if (state.failure) throw state.failure;
          yield queue.shift()!;
        }
      } finally {
        unsubscribe();
        live.delete(stream);
        signal.removeEventListener('abort', onAbort);
      }
    })();
  }
}
