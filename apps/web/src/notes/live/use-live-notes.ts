'use client';

import { skipToken } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';

import type { NoteChange } from '@stack/contracts';

import { api } from '../../trpc/react';
import { EMPTY_OVERLAY, type LiveOverlay, withChanges } from './live-overlay';

/** What the page shows about the stream. */
type LiveState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface LiveNotes {
  /** What the stream has reported since the first page: the list is rendered through it (mergeLive). */
  overlay: LiveOverlay;
  /** Notes this tab is deleting (hidden whatever the stream reports until the server has answered). */
  hidden: ReadonlySet<string>;
  hide: (id: string) => void;
  unhide: (id: string) => void;
  state: LiveState;
  /** Why it stopped (a message for people), when it did. */
  stoppedBecause: string | null;
  /** Starts again after it stopped. */
  restart: () => void;
}

const STOPPED_MESSAGES: Record<string, string> = {
  UNAUTHORIZED: 'Your session ended; sign in again for live updates.',
  FORBIDDEN: 'You can no longer see these notes.',
  TOO_MANY_REQUESTS: 'Too many open tabs are following notes.',
};

/**
 * One stream per page of notes (`note.changes`), from where the first page of the list stood
 * (its `lastEventId`): every change the page does not show arrives, with no second fetch. Changes
 * are kept in an overlay the list is rendered through, so a page fetched before a change and
 * answered after it never paints the older state, and a deleted note never comes back. A `reset`
 * (history gone) refetches the list. The scope is the token's: the view is remounted per scope,
 * and with it the stream.
 */
export function useLiveNotes(firstPageEventId: string | undefined): LiveNotes {
  const utils = api.useUtils();
  // Fixed once known: a refetched list must not restart the stream (it resumes on its own).
  const [from, setFrom] = useState(firstPageEventId);
  if (from === undefined && firstPageEventId !== undefined) setFrom(firstPageEventId);
  const [overlay, setOverlay] = useState<LiveOverlay>(EMPTY_OVERLAY);
  // A replay delivers many changes at once: one state update (one copy of the overlay) per batch.
  const pending = useRef<NoteChange[]>([]);
  const [wasLive, setWasLive] = useState(false);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const hide = useCallback((id: string) => setHidden((ids) => new Set(ids).add(id)), []);
  const unhide = useCallback(
    (id: string) =>
      setHidden((ids) => {
        const next = new Set(ids);
        next.delete(id);
        return next;
      }),
    [],
  );

  const subscription = api.note.changes.useSubscription(from === undefined ? skipToken : { lastEventId: from }, {
    onStarted: () => setWasLive(true),
    onData: ({ data }) => {
      if (data.kind === 'reset') {
        void utils.note.list.invalidate();
        return;
      }
      if (pending.current.push(data) > 1) return;
      queueMicrotask(() => {
        const batch = pending.current.splice(0);
        setOverlay((current) => withChanges(current, batch));
      });
    },
  });

  const stopped = subscription.status === 'error';
  const code = stopped ? subscription.error.data?.code : undefined;
  return {
    overlay,
    hidden,
    hide,
    unhide,
    state: stopped ? 'stopped' : subscription.status === 'pending' ? 'live' : wasLive ? 'reconnecting' : 'connecting',
    stoppedBecause: stopped ? ((code && STOPPED_MESSAGES[code]) ?? 'Live updates stopped.') : null,
    restart: () => subscription.reset(),
  };
}
