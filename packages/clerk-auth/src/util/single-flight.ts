/** Runs one load per key at a time; concurrent callers for the same key share its promise. */
export class SingleFlight<K, V> {
  private readonly inflight = new Map<K, Promise<V>>();

  run(key: K, load: () => Promise<V>): Promise<V> {
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const promise = load().finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  get size(): number {
    return this.inflight.size;
  }
}
