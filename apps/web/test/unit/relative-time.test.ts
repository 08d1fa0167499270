import { describe, expect, it } from 'vitest';

import { relativeTime } from '../../src/notes/live/relative-time';

describe('relative times on notes ("edited by Grace, 2 min. ago")', () => {
  const now = Date.UTC(2026, 11, 7, 12, 0, 0);
  const minute = 60_000;

  it.each([
    [0, 'now'],
    [-5_000, 'now'], // a clock a little behind the server's
    [2 * minute, '2 min. ago'],
    [59 * minute, '59 min. ago'],
    [3 * 60 * minute, '3 hr. ago'],
    [24 * 60 * minute, 'yesterday'],
    [4 * 24 * 60 * minute, '4 days ago'],
  ])('%i ms ago: %s', (ago, text) => {
    expect(relativeTime(now - ago, now, 'en')).toBe(text);
  });

  it('past a week, the date; in the reader’s language', () => {
    expect(relativeTime(Date.UTC(2026, 10, 1, 12), now, 'en')).toBe('Nov 1, 2026');
    expect(relativeTime(now - 2 * minute, now, 'de')).toBe('vor 2 Min.');
  });
});
