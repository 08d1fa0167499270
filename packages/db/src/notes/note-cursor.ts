import { InvalidInputError } from '@stack/contracts';

/** Where a page ended: the last note's (created_at, id), the keyset the next page starts below. */
export interface NoteCursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PAYLOAD = /^v1:(\d{1,15}):([0-9a-f-]{36})$/;

/** True for an id the notes table could hold; anything else cannot name a note (404, never a 500). */
export const isNoteId = (id: string): boolean => UUID.test(id);

export function encodeNoteCursor(cursor: NoteCursor): string {
  return Buffer.from(`v1:${cursor.createdAt.getTime()}:${cursor.id}`, 'utf8').toString('base64url');
}

/** Opaque to clients; anything this service did not issue is an InvalidInputError (a 400). */
export function decodeNoteCursor(raw: string): NoteCursor {
  const payload = /^[A-Za-z0-9_-]{1,200}$/.test(raw) ? Buffer.from(raw, 'base64url').toString('utf8') : '';
  // Only the canonical encoding: base64url decoders ignore stray trailing characters.
  const match = Buffer.from(payload, 'utf8').toString('base64url') === raw ? PAYLOAD.exec(payload) : null;
  const ms = match ? Number(match[1]) : NaN;
  const id = match?.[2] ?? '';
  // 8.64e15 ms is the largest Date; beyond it `new Date` is invalid.
  if (!match || !Number.isSafeInteger(ms) || ms > 8.64e15 || !isNoteId(id))
    throw new InvalidInputError('Malformed note cursor');
  return { createdAt: new Date(ms), id };
}
