import type { Change, ChangeFeed } from '@stack/db';

import { INSTANCE_ID } from './instance-id.js';

/** What any cache keyed by id offers the change bus. */
export interface InvalidatableCache {
  invalidate(id: string): void;
  clear(): void;
}

/**
 * Keeps `cache` coherent with the other instances: a change of `kind` drops that id, and a
 * (re)connect of the feed, after which changes may have been missed, drops everything. This
 * process's own changes are skipped: its cache already holds what it wrote or loaded, and
 * dropping that would send the next read to the database (and fail it during an outage).
 */
export function subscribeCache(feed: ChangeFeed, kind: 'user' | 'org', cache: InvalidatableCache): () => void {
  return feed.subscribe({
    onChange: (change: Change) => {
      if (change.kind === kind && change.origin !== INSTANCE_ID) cache.invalidate(change.id);
    },
    onResync: () => cache.clear(),
  });
}
