type Release = () => void;

interface Waiting {
  weight: number;
  admit: () => void;
}

interface Caller {
  running: number;
  waiting: Waiting[];
}

/**
 * At most `limit` slots of one caller (a user, or a client address) taken at once; the rest wait
 * their turn, first come first served. The rate limits bound how much a caller may ask for per
 * minute; this bounds how much of the server it can occupy at any moment, so a burst of heavy
 * requests from one caller (admitted by its budget) runs a few at a time while everyone else's
 * requests go on between them. A request takes one slot per call it makes, up to all of them: a
 * batch already runs its calls side by side, so a second batch beside it would double the
 * caller's share (and the answers held in memory at once) rather than let it make progress.
 */
export class CallerSlots {
  private readonly callers = new Map<string, Caller>();

  constructor(private readonly limit: number) {}

  /** `weight` slots for `key`: at once when they are free (no promise), else when the caller's turn comes. */
  enter(key: string, weight = 1): Release | Promise<Release> {
    const slots = Math.min(Math.max(1, weight), this.limit);
    let caller = this.callers.get(key);
    if (!caller) {
      caller = { running: 0, waiting: [] };
      this.callers.set(key, caller);
    }
    if (caller.waiting.length === 0 && caller.running + slots <= this.limit) {
      caller.running += slots;
      return this.releaseOf(key, caller, slots);
    }
    const queued = caller;
    return new Promise<Release>((resolve) =>
      queued.waiting.push({ weight: slots, admit: () => resolve(this.releaseOf(key, queued, slots)) }),
    );
  }

  /** Callers with a request in progress or waiting (for tests and health figures). */
  get size(): number {
    return this.callers.size;
  }

  private releaseOf(key: string, caller: Caller, slots: number): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      caller.running -= slots;
      // The freed slots go to the head of the line, in order, as far as they reach; the last one
      // out forgets the caller.
      for (let next = caller.waiting[0]; next && caller.running + next.weight <= this.limit; next = caller.waiting[0]) {
        caller.waiting.shift();
        caller.running += next.weight;
        next.admit();
      }
      if (caller.running === 0 && caller.waiting.length === 0) this.callers.delete(key);
    };
  }
}
