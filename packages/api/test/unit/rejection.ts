import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';

/** The TRPCError a call was refused with (failing the test when it was not refused, or otherwise). */
export async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}
