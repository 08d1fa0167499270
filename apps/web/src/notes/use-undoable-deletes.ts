'use client';

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

import type { Note } from '@stack/contracts';

/** How long a deleted note can be brought back before the delete is sent. */
const UNDO_DELETE_MS = 5_000;

interface Entry {
  note: Note;
  version: number;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Deletes with undo: a note disappears at once, and the delete reaches the server only when the
 * undo window has passed (undo: nothing was ever sent, so nothing needs restoring on the server).
 * Leaving the page (another page of the app, a switch of organization, closing the tab) sends
 * what is pending at that moment; the send after a tab closes is best effort, and if it is lost
 * the note is simply still there.
 */
export function useUndoableDeletes(send: (note: Note, version: number) => void, undoMs: number = UNDO_DELETE_MS) {
  const [pending, setPending] = useState<readonly Note[]>([]);
  const entries = useRef(new Map<string, Entry>());
  const sendRef = useRef(send);
  useLayoutEffect(() => {
    sendRef.current = send;
  });

  const finish = useCallback((id: string, commit: boolean) => {
    const entry = entries.current.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    entries.current.delete(id);
    setPending([...entries.current.values()].map(({ note }) => note));
    if (commit) sendRef.current(entry.note, entry.version);
  }, []);

  useEffect(() => {
    const flush = () => [...entries.current.keys()].forEach((id) => finish(id, true));
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [finish]);

  return {
    /** Notes deleted but still undoable, oldest first. */
    pending,
    schedule(note: Note, version: number) {
      finish(note.id, false);
      const timer = setTimeout(() => finish(note.id, true), undoMs);
      entries.current.set(note.id, { note, version, timer });
      setPending([...entries.current.values()].map((entry) => entry.note));
    },
    undo: (id: string) => finish(id, false),
  };
}
