import type { InfiniteData } from '@tanstack/react-query';

import type { Note, NotePage } from '@stack/contracts';

/**
 * The input of the notes list, the same on the server (prefetch) and in the browser: the query key
 * includes it, so any difference would make the browser fetch the first page again.
 */
export const NOTES_LIST_INPUT = { limit: 20 } as const;

export type NotesData = InfiniteData<NotePage, string | null>;

/** Where a note sat in the cached pages, to put it back after a failed delete. */
export interface NotePlace {
  note: Note;
  page: number;
  index: number;
}

const mapItems = (data: NotesData, fn: (items: Note[], page: number) => Note[]): NotesData => ({
  ...data,
  pages: data.pages.map((page, i) => ({ ...page, items: fn(page.items, i) })),
});

/** A new note goes on top of the first page (newest first), once. */
export function prependNote(data: NotesData | undefined, note: Note): NotesData | undefined {
  if (!data || data.pages.length === 0) return data;
  const without = mapItems(data, (items) => items.filter((n) => n.id !== note.id));
  return mapItems(without, (items, page) => (page === 0 ? [note, ...items] : items));
}

export function replaceNote(data: NotesData | undefined, note: Note): NotesData | undefined {
  return data && mapItems(data, (items) => items.map((n) => (n.id === note.id ? note : n)));
}

export function removeNote(data: NotesData | undefined, id: string): NotesData | undefined {
  return data && mapItems(data, (items) => items.filter((n) => n.id !== id));
}

export function findNote(data: NotesData | undefined, id: string): NotePlace | null {
  for (const [page, { items }] of (data?.pages ?? []).entries()) {
    const index = items.findIndex((n) => n.id === id);
    if (index >= 0) return { note: items[index]!, page, index };
  }
  return null;
}

/** Puts a removed note back where it was (unless something else already brought it back). */
export function restoreNote(data: NotesData | undefined, place: NotePlace): NotesData | undefined {
  if (!data || findNote(data, place.note.id)) return data;
  return mapItems(data, (items, page) =>
    page === place.page ? [...items.slice(0, place.index), place.note, ...items.slice(place.index)] : items,
  );
}
