'use client';

import type { LiveNotes } from './use-live-notes';

const LABEL = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', stopped: 'Not live' } as const;

/** A small status of the stream next to the heading: Live, Reconnecting…, or why it stopped. */
export function LiveStatus({ live }: { live: LiveNotes }) {
  return (
    <p className="live-status" data-state={live.state} data-testid="live-status" role="status">
      <span className="live-dot" aria-hidden="true" />
      {LABEL[live.state]}
      {live.stoppedBecause && (
        <>
          {' '}
          <span>{live.stoppedBecause}</span>{' '}
          <button type="button" className="button secondary" onClick={live.restart}>
            Reconnect
          </button>
        </>
      )}
    </p>
  );
}
