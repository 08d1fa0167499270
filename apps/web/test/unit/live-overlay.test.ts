import { describe, expect, it } from 'vitest';

import type { Note } from '@stack/contracts';

import { EMPTY_OVERLAY, mergeLive, withChanges } from '../../src/notes/live/live-overlay';
import type { NotesData } from '../../src/notes/notes-cache';

const note = (id: string, createdAt: number, version = 1, title = id): Note => ({
  id,
  title,
  body: '',
  orgId: 'org_acme',
  author: { id: 'user_ada', name: 'Ada', imageUrl: null },
  editedBy: null,
  version,
  createdAt,
  updatedAt: createdAt,
});

const pages = (...lists: { items: Note[]; nextCursor: string | null }[]): NotesData => ({
  pages: lists.map((l) => ({ ...l, lastEventId: '0' })),
  pageParams: lists.map((_, i) => (i === 0 ? null : `c${i}`)),
});
const ids = (data: NotesData) => data.pages.map((p) => p.items.map((n) => `${n.id}@${n.version}`));

/** The cache merge the notes page applies to every list it renders (no server, no React). */
describe('the live overlay on the cached pages', () => {
  const cached = pages(
    { items: [note('e', 50), note('d', 40)], nextCursor: 'c1' },
    { items: [note('c', 30), note('b', 20)], nextCursor: 'c2' },
  );

  it('shows each note at the newest version reported, wherever the cache has it', () => {
    const overlay = withChanges(EMPTY_OVERLAY, [
      { kind: 'updated', note: note('c', 30, 3, 'c v3') },
      { kind: 'updated', note: note('c', 30, 2, 'c v2 replayed late') },
    ]);
    expect(ids(mergeLive(cached, overlay))).toEqual([
      ['e@1', 'd@1'],
      ['c@3', 'b@1'],
    ]);
  });

  it('keeps a newer cached version (this tab’s own save answered before its echo) and a pending optimistic edit', () => {
    const newer = pages({ items: [note('e', 50, 4)], nextCursor: null });
    const overlay = withChanges(EMPTY_OVERLAY, [{ kind: 'updated', note: note('e', 50, 3) }]);
    expect(ids(mergeLive(newer, overlay))).toEqual([['e@4']]);
    const optimistic = pages({ items: [note('e', 50, 3, 'typed here')], nextCursor: null });
    expect(mergeLive(optimistic, overlay).pages[0]!.items[0]!.title).toBe('typed here');
  });

  it('a deleted note never comes back: not from a stale page, not from a late update', () => {
    const overlay = withChanges(EMPTY_OVERLAY, [
      { kind: 'deleted', id: 'd', version: 1 },
      { kind: 'updated', note: note('d', 40, 2) },
      { kind: 'created', note: note('d', 40, 1) },
    ]);
    expect(ids(mergeLive(cached, overlay))).toEqual([['e@1'], ['c@1', 'b@1']]);
  });

  it('puts a note created elsewhere in order among the loaded ones, once, and leaves older ones to "Load more"', () => {
    const overlay = withChanges(EMPTY_OVERLAY, [
      { kind: 'created', note: note('f', 60) },
      { kind: 'created', note: note('cc', 35) },
      { kind: 'created', note: note('a', 10) },
      { kind: 'created', note: note('f', 60) },
    ]);
    expect(ids(mergeLive(cached, overlay))).toEqual([
      ['f@1', 'e@1', 'd@1'],
      ['cc@1', 'c@1', 'b@1'],
    ]);
    // Everything loaded: the oldest goes last.
    const all = pages({ items: [note('e', 50)], nextCursor: null });
    expect(ids(mergeLive(all, overlay))).toEqual([['f@1', 'e@1', 'cc@1', 'a@1']]);
    // An empty scope gets the new note.
    expect(ids(mergeLive(pages({ items: [], nextCursor: null }), overlay))).toEqual([['f@1', 'cc@1', 'a@1']]);
  });

  it('a note already in the cache (this tab’s own create, answered first) is not added twice', () => {
    const own = note('g', 70);
    const withOwn = pages({ items: [own, note('e', 50)], nextCursor: null });
    const overlay = withChanges(EMPTY_OVERLAY, [{ kind: 'created', note: own }]);
    expect(ids(mergeLive(withOwn, overlay))).toEqual([['g@1', 'e@1']]);
  });

  it('changes nothing (same object) for what is already known, and ignores resets', () => {
    const overlay = withChanges(EMPTY_OVERLAY, [{ kind: 'created', note: note('h', 80) }]);
    expect(withChanges(overlay, [{ kind: 'created', note: note('h', 80) }, { kind: 'reset' }])).toBe(overlay);
    expect(mergeLive(cached, EMPTY_OVERLAY)).toBe(cached);
  });
});
