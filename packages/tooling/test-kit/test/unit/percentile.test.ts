import { describe, expect, it } from 'vitest';

import { percentile } from '../../src/index.js';

describe('percentile', () => {
  it('is nearest-rank over an ascending list', () => {
    const sorted = Array.from({ length: 50 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([
      25, 45, 50, 50,
    ]);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([7], 90)).toBe(7);
  });

  it('is NaN with no samples, so no bound passes on no data', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(percentile([], 99) <= 100).toBe(false);
  });
});
