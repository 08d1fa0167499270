import { expect } from 'vitest';

import { UNAUTHORIZED_MESSAGE } from '@stack/contracts';

import { type RawResponse, trpcError } from './http.js';

/** Every authentication failure looks the same, and says nothing about anyone. */
export function expectUnauthorized(res: RawResponse, leaks: string[] = []): void {
  expect(res.status).toBe(401);
  const error = trpcError(res);
  expect(error.code).toBe('UNAUTHORIZED');
  expect(error.message).toBe(UNAUTHORIZED_MESSAGE);
  expectNoLeaks(res, leaks);
}

export function expectNoLeaks(res: RawResponse, leaks: string[] = []): void {
  expect(res.headers.get('set-cookie')).toBeNull();
  expect(res.headers.get('location')).toBeNull();
  expect(res.text).not.toMatch(/stack|at .+\.(ts|js):\d+/i);
  for (const secret of leaks) expect(res.text).not.toContain(secret);
}
