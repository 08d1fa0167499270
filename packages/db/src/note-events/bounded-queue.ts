/**
 * One subscriber's queue of live items: bounded (a client that reads too slowly must not hold an
 * unbounded backlog in the server's memory) and endable from outside (revocation, lifetime, drain,
 * the client leaving) while its reader is waiting.
 */
export class BoundedQueue<T> {
  private items: T[] = [];
  private first = 0;
  private waiter: { resolve: (item: T) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private whenEnded: { promise: Promise<never>; reject: (error: Error) => void } | null = null;

  /** `overflow` names the error a full queue ends with; `onEnd` hears the end, whatever its reason. */
  constructor(
    private readonly limit: number,
    private readonly overflow: () => Error,
    private readonly onEnd: (error: Error) => void = () => {},
  ) {}

  get ended(): boolean {
    return this.failure !== null;
  }

  push(item: T): void {
    if (this.failure) return;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = null;
      waiter.resolve(item);
      return;
    }
    if (this.items.length - this.first >= this.limit) {
      this.end(this.overflow());
      return;
    }
    this.items.push(item);
  }

  /** Drops what is queued and makes every later (or pending) `next()` reject with `error`; the first end wins. */
  end(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.items = [];
    this.first = 0;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(error);
    this.whenEnded?.reject(error);
    this.onEnd(error);
  }

  /** Rejects with the reason once the queue ends: for racing other waits against it. */
  untilEnded(): Promise<never> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.whenEnded) {
      let reject!: (error: Error) => void;
      const promise = new Promise<never>((_resolve, fail) => (reject = fail));
      // Nobody may be racing it when it ends.
      promise.catch(() => {});
      this.whenEnded = { promise, reject };
    }
    return this.whenEnded.promise;
  }

  /** Throws the reason the queue ended, if it has. */
  throwIfEnded(): void {
    if (this.failure) throw this.failure;
  }

  next(): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.first < this.items.length) {
      const item = this.items[this.first++]!;
      // Reclaim the consumed front now and then, not on every read (Array#shift is O(n)).
      if (this.first === this.items.length) {
        this.items.length = 0;
        this.first = 0;
      } else if (this.first >= 1024) {
        this.items = this.items.slice(this.first);
        this.first = 0;
      }
      return Promise.resolve(item);
    }
    return new Promise<T>((resolve, reject) => (this.waiter = { resolve, reject }));
  }
}
