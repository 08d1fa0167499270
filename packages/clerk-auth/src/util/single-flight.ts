/** Runs one load per key at a time; concurrent callers for the same key share its promise. */
export class SingleFlight<K, V> {
  private readonly inflight = new Map<K, Promise<V>>();

  run(key: K, load: () => Promise<V>): Promise<V> {
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const promise = load().finally(() => {
      if (this.inflight.get(key) === promise) this.inflight.delete(key);
    });
    this.inflight.set(key, promise);
    return promise;
  }

  /** Later callers start a new load instead of joining the one under way (its result is out of date). */
  forget(key: K): void {
    this.inflight.delete(key);
  }

  forgetAll(): void {
    this.inflight.clear();
  }

  get size(): number {
    return this.inflight.size;
  }
}
