export type ChangeAction = 'created' | 'updated' | 'deleted';

/**
 * Listeners told synchronously after a store change, with the entity as it is now (or was, for
 * a deletion). Every write path of a store goes through one emit per entity, so a listener (the
 * webhooks) cannot miss a change. A throwing listener is logged, never fails the write.
 */
export class ChangeFeed<Change> {
  readonly #listeners = new Set<(change: Change) => void>();

  subscribe(listener: (change: Change) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(change: Change): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        console.error('clerk-emulator: change listener failed:', error instanceof Error ? error.message : error);
      }
    }
  }
}
