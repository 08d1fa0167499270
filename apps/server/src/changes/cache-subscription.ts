import type { Change, ChangeFeed } from '@stack/db';

/** What any cache keyed by id offers the change bus. */
export interface InvalidatableCache {
  invalidate(id: string): void;
  clear(): void;
}

/**
 * Keeps `cache` coherent with the other instances: a change of `kind` drops that id, and a
 * (re)connect of the feed, after which changes may have been missed, drops everything.
 */
export function subscribeCache(feed: ChangeFeed, kind: Change['kind'], cache: InvalidatableCache): () => void {
  return feed.subscribe({
    onChange: (change) => {
      if (change.kind === kind) cache.invalidate(change.id);
    },
    onResync: () => cache.clear(),
  });
}
