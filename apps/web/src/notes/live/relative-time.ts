const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "just now", "2 min. ago", "3 hr. ago", "yesterday", "4 days ago" in the reader's language
 * (`locale` undefined: the browser's); past a week, the date in the reader's time zone.
 */
export function relativeTime(ms: number, now: number, locale?: string): string {
  const elapsed = now - ms;
  if (elapsed >= 7 * DAY) return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(ms);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  // A clock a little behind the server's is not "in 2 seconds".
  if (elapsed < MINUTE) return format.format(0, 'second');
  if (elapsed < HOUR) return format.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return format.format(-Math.floor(elapsed / HOUR), 'hour');
  return format.format(-Math.floor(elapsed / DAY), 'day');
}
