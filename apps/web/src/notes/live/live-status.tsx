'use client';

import { buttonClass } from '../../components/ui/styles';
import type { LiveNotes } from './use-live-notes';

const LABEL = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', stopped: 'Not live' } as const;
const DOT = { connecting: 'bg-line', live: 'bg-success', reconnecting: 'bg-line', stopped: 'bg-danger' } as const;

/** A small status of the stream next to the heading: Live, Reconnecting…, or why it stopped. */
export function LiveStatus({ live }: { live: LiveNotes }) {
  return (
    <span
      className="inline-flex flex-wrap items-center gap-2 text-sm text-muted"
      data-state={live.state}
      data-testid="live-status"
      role="status"
    >
      <span className={`size-2 rounded-full ${DOT[live.state]}`} aria-hidden="true" />
      {LABEL[live.state]}
      {live.stoppedBecause && (
        <>
          <span>{live.stoppedBecause}</span>
          <button type="button" className={buttonClass('secondary')} onClick={live.restart}>
            Reconnect
          </button>
        </>
      )}
    </span>
  );
}
