import type { Note, NoteChange, NotePage } from '@stack/contracts';

/** What the stream said last about a note: how it is now, or that it is gone (ids are never reused). */
type KnownNote = { note: Note } | { deleted: true; version: number };

/** Per note id, the newest state the stream has reported. Immutable: each batch of changes makes a new one. */
export type LiveOverlay = ReadonlyMap<string, KnownNote>;

export const EMPTY_OVERLAY: LiveOverlay = new Map();

/**
 * The overlay after `changes`, in stream order: a newer version replaces an older one, a deletion
 * is final, and what is already known (an echo of this tab's own write, a replay) changes nothing.
 */
export function withChanges(overlay: LiveOverlay, changes: readonly NoteChange[]): LiveOverlay {
  let next: Map<string, KnownNote> | null = null;
  const write = (id: string, known: KnownNote) => (next ??= new Map(overlay)).set(id, known);
  for (const change of changes) {
    if (change.kind === 'reset') continue;
    const id = change.kind === 'deleted' ? change.id : change.note.id;
    const known = (next ?? overlay).get(id);
    if (known && 'deleted' in known) continue;
    if (change.kind === 'deleted') write(id, { deleted: true, version: change.version });
    else if (!known || change.note.version > known.note.version) write(id, { note: change.note });
  }
  return next ?? overlay;
}

const NO_IDS: ReadonlySet<string> = new Set();

/** Newest first, as the list is: created_at desc, then id desc. */
const newerFirst = (a: Note, b: Note) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The cached pages as the reader should see them: each note at the newest version anyone has
 * reported (the cache may hold an older one: a page fetched before a change and answered after
 * it), deleted notes gone (a stale page cannot bring one back), and notes created elsewhere in
 * place among the loaded ones. A note older than everything loaded waits for "Load more". This
 * tab's own pending edit shows as long as nothing newer is known: an optimistic note keeps its
 * version until the server answers. `hidden` are notes this tab is deleting: a change reported
 * meanwhile must not bring them back before the server has answered.
 */
export function mergeLive<T extends { pages: NotePage[] }>(
  data: T,
  overlay: LiveOverlay,
  hidden: ReadonlySet<string> = NO_IDS,
): T {
  if (overlay.size === 0 && hidden.size === 0) return data;
  const shown = new Set<string>(hidden);
  const pages = data.pages.map((page) => ({
    ...page,
    items: page.items.flatMap((note) => {
      if (hidden.has(note.id)) return [];
      shown.add(note.id);
      const known = overlay.get(note.id);
      if (!known) return [note];
      if ('deleted' in known) return [];
      return [known.note.version > note.version ? known.note : note];
    }),
  }));
  const allLoaded = data.pages.at(-1)?.nextCursor === null;
  const oldestLoaded = pages.flatMap((page) => page.items).at(-1);
  const missing = [...overlay.values()]
    .flatMap((known) => ('note' in known && !shown.has(known.note.id) ? [known.note] : []))
    .filter((note) => allLoaded || !oldestLoaded || newerFirst(note, oldestLoaded) < 0)
    .sort(newerFirst);
  for (const note of missing) {
    // The first page whose last note is older than it; otherwise the last page (all loaded).
    const page = pages.find((p) => p.items.length === 0 || newerFirst(note, p.items.at(-1)!) < 0) ?? pages.at(-1);
    if (!page) continue;
    const at = page.items.findIndex((other) => newerFirst(note, other) < 0);
    page.items.splice(at < 0 ? page.items.length : at, 0, note);
  }
  return { ...data, pages };
}
