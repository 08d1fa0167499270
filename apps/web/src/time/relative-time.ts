/** Where a time is shown: in the reader's language and time zone (undefined: the runtime's own). */
export interface TimeContext {
  now: number;
  locale?: string | undefined;
  timeZone?: string | undefined;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/**
 * "just now", "5 minutes ago", "yesterday", "3 days ago"; beyond a week, the date ("12 Mar 2026"),
 * because "7 weeks ago" says less than the day itself.
 */
export function relativeTime(ms: number, { now, locale, timeZone }: TimeContext): string {
  const elapsed = now - ms;
  if (Math.abs(elapsed) >= WEEK) {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(ms);
  }
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  // A clock a little behind the server's is not "in 2 seconds".
  if (elapsed < MINUTE) return format.format(0, 'second');
  if (elapsed < HOUR) return format.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return format.format(-Math.floor(elapsed / HOUR), 'hour');
  return format.format(-Math.floor(elapsed / DAY), 'day');
}

/** The full date and time, for a tooltip and for screen readers that ask. */
export function absoluteTime(ms: number, { locale, timeZone }: TimeContext): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(ms);
}
