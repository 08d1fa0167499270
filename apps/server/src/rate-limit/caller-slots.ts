type Release = () => void;

interface Caller {
  running: number;
  waiting: Release[];
}

/**
 * At most `limit` requests of one caller (a user, or a client address) in progress at once; the
 * rest wait their turn, first come first served. The rate limits bound how much a caller may ask
 * for per minute; this bounds how much of the server it can occupy at any moment, so a burst of
 * heavy requests from one caller (admitted by its budget) runs a few at a time while everyone
 * else's requests go on between them.
 */
export class CallerSlots {
  private readonly callers = new Map<string, Caller>();

  constructor(private readonly limit: number) {}

  /** A slot for `key`: at once when one is free (no promise), else when the caller's turn comes. */
  enter(key: string): Release | Promise<Release> {
    let caller = this.callers.get(key);
    if (!caller) {
      caller = { running: 0, waiting: [] };
      this.callers.set(key, caller);
    }
    if (caller.running < this.limit) {
      caller.running++;
      return this.releaseOf(key, caller);
    }
    const queued = caller;
    return new Promise<Release>((resolve) => queued.waiting.push(() => resolve(this.releaseOf(key, queued))));
  }

  /** Callers with a request in progress or waiting (for tests and health figures). */
  get size(): number {
    return this.callers.size;
  }

  private releaseOf(key: string, caller: Caller): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = caller.waiting.shift();
      // The slot passes straight to the next in line; the last one out forgets the caller.
      if (next) next();
      else if (--caller.running === 0) this.callers.delete(key);
    };
  }
}
