import type { Note } from '@stack/contracts';

import { httpStatusOf } from '../trpc/query-client';

export const isConflict = (error: unknown) => httpStatusOf(error) === 409;

const isNote = (value: unknown): value is Note =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Note).id === 'string' &&
  typeof (value as Note).version === 'number' &&
  typeof (value as Note).title === 'string';

/** The current note the server sent with a CONFLICT, when it did. */
export function conflictCurrent(error: unknown): Note | null {
  const data = (error as { data?: { current?: unknown } } | null)?.data;
  return isNote(data?.current) ? data.current : null;
}
