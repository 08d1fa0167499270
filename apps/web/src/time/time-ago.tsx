'use client';

import { useClock } from './clock';
import { absoluteTime, relativeTime } from './relative-time';

/** A moment as "5 minutes ago" in the reader's language, the full date on hover and in `dateTime`. */
export function TimeAgo({ ms }: { ms: number }) {
  const clock = useClock();
  return (
    <time dateTime={new Date(ms).toISOString()} title={absoluteTime(ms, clock)}>
      {relativeTime(ms, clock)}
    </time>
  );
}
