import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { LogSummary } from '../../src/observability/log-summary.js';

describe('LogSummary: one line per reason per 10 s, with a count', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes the first at once, the rest as one line per window, and stops when quiet', () => {
    const lines: string[] = [];
    const summary = new LogSummary({ what: 'Rejected credentials', write: (l) => lines.push(l) });
    for (let i = 0; i < 500; i++) summary.count('token-expired');
    summary.count('token-malformed');
    expect(lines).toEqual(['Rejected credentials: token-expired', 'Rejected credentials: token-malformed']);
    vi.advanceTimersByTime(10_000);
    expect(lines.slice(2)).toEqual(['Rejected credentials: token-expired ×499 more in the last 10 s']);
    for (let i = 0; i < 3; i++) summary.count('token-expired');
    vi.advanceTimersByTime(10_000);
    expect(lines.slice(3)).toEqual(['Rejected credentials: token-expired ×3 more in the last 10 s']);
    vi.advanceTimersByTime(30_000); // quiet windows write nothing and close
    expect(lines).toHaveLength(4);
    summary.count('token-expired'); // a new burst starts with a line at once
    expect(lines.at(-1)).toBe('Rejected credentials: token-expired');
  });

  it('counts several at once (a batch’s refused calls): the first is the line, the others the window’s', () => {
    const lines: string[] = [];
    const summary = new LogSummary({ what: 'Calls over a rate limit', write: (l) => lines.push(l) });
    summary.count('user-reads (trpc)', 10);
    summary.count('user-reads (trpc)', 10);
    expect(lines).toEqual(['Calls over a rate limit: user-reads (trpc)']);
    vi.advanceTimersByTime(10_000);
    expect(lines.at(-1)).toBe('Calls over a rate limit: user-reads (trpc) ×19 more in the last 10 s');
  });

  it('writes what is counted on flush (shutdown)', () => {
    const lines: string[] = [];
    const summary = new LogSummary({ what: 'Client aborts', write: (l) => lines.push(l) });
    summary.count('trpc');
    summary.count('trpc');
    summary.flush();
    expect(lines).toEqual(['Client aborts: trpc', 'Client aborts: trpc ×1 more in the last 10 s']);
  });
});
