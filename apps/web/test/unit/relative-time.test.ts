// @vitest-environment node
import { describe, expect, it } from 'vitest';

import { absoluteTime, relativeTime } from '../../src/time/relative-time';

const NOW = Date.UTC(2026, 2, 20, 12, 0, 0);
const clock = { now: NOW, locale: 'en-US', timeZone: 'UTC' };
const ago = (ms: number) => relativeTime(NOW - ms, clock);

describe('relative times', () => {
  it('reads like a person would say it, up to a week', () => {
    expect(ago(10_000)).toBe('now');
    expect(ago(-5_000)).toBe('now'); // a clock slightly behind the server's
    expect(ago(5 * 60_000)).toBe('5 minutes ago');
    expect(ago(3 * 3_600_000)).toBe('3 hours ago');
    expect(ago(30 * 3_600_000)).toBe('yesterday');
    expect(ago(3 * 86_400_000)).toBe('3 days ago');
  });

  it('gives the date beyond a week, in the reader’s language and time zone', () => {
    expect(ago(40 * 86_400_000)).toBe('Feb 8, 2026');
    expect(relativeTime(NOW - 40 * 86_400_000, { ...clock, locale: 'de-DE' })).toBe('08.02.2026');
    const lateEvening = Date.UTC(2026, 0, 1, 23, 30);
    expect(relativeTime(lateEvening, { ...clock, timeZone: 'Asia/Tokyo' })).toBe('Jan 2, 2026');
    expect(absoluteTime(lateEvening, { ...clock, timeZone: 'Asia/Tokyo' })).toBe('January 2, 2026 at 8:30 AM');
  });
});
