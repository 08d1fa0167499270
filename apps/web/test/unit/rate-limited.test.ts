import { describe, expect, it } from 'vitest';

import { rateLimitedMessage } from '../../src/trpc/rate-limited';

describe('the 429 message', () => {
  const headers = (retryAfter: string) => ({ get: (name: string) => (name === 'retry-after' ? retryAfter : null) });

  it('takes the seconds from the refused call, else from Retry-After, else 1', () => {
    expect(rateLimitedMessage({ data: { httpStatus: 429, retryAfter: 12 } })).toBe(
      'Too many requests, try again in 12 s',
    );
    expect(rateLimitedMessage({ data: { httpStatus: 429 }, meta: { response: { headers: headers('7') } } })).toBe(
      'Too many requests, try again in 7 s',
    );
    expect(rateLimitedMessage({ data: { httpStatus: 429 } })).toBe('Too many requests, try again in 1 s');
  });

  it('is null for anything but a 429', () => {
    expect(rateLimitedMessage({ data: { httpStatus: 503, retryAfter: 5 } })).toBeNull();
    expect(rateLimitedMessage(new Error('network'))).toBeNull();
    expect(rateLimitedMessage(null)).toBeNull();
  });
});
