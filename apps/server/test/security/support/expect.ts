import { expect } from 'vitest';

import { expectNoLeaks, expectUnauthorized } from '../../support/expectations.js';
import { type RawResponse, trpcError } from '../../support/http.js';

/** A refused credential: the one fixed 401, nothing about anyone, and the usual safety headers. */
export function expectRefused(res: RawResponse, leaks: string[] = []): void {
  expectUnauthorized(res, leaks);
  expectSafeHeaders(res);
}

/** Any other tRPC error: exact status and code, no leaks, no stack. */
export function expectTrpcError(res: RawResponse, status: number, code: string, leaks: string[] = []): void {
  expect(res.status).toBe(status);
  expect(trpcError(res).code).toBe(code);
  expectNoLeaks(res, leaks);
  expectSafeHeaders(res);
}

/** A refusal produced by Node's HTTP parser before any application code: a bare status, no body to leak. */
export function expectBareRefusal(res: { status: number; body?: string; text?: string }, status: number): void {
  expect(res.status).toBe(status);
  expect(res.body ?? res.text ?? '').toBe('');
}

function expectSafeHeaders(res: RawResponse): void {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-powered-by')).toBeNull();
  expect(res.headers.get('cache-control') ?? '').toContain('no-store');
}
