'use client';

import type { Note } from '@stack/contracts';

/**
 * "Deleted … Undo" for each note still in its undo window. A polite live region that is always
 * there (so screen readers announce what appears in it), pinned to the bottom of the viewport.
 */
export function UndoDeletes({ pending, onUndo }: { pending: readonly Note[]; onUndo: (id: string) => void }) {
  return (
    <div
      role="status"
      aria-live="polite"
      className="pointer-events-none fixed inset-x-0 bottom-4 z-40 mx-auto grid w-full max-w-md gap-2 px-4"
    >
      {pending.map((note) => (
        <div
          key={note.id}
          data-testid="undo-delete"
          className="pointer-events-auto flex items-center justify-between gap-3 rounded-xl bg-fg px-4 py-3 text-sm text-canvas shadow-lg"
        >
          <span className="min-w-0 truncate">Deleted “{note.title}”</span>
          <button
            type="button"
            className="shrink-0 rounded-md px-2 py-1 font-semibold underline underline-offset-4 hover:bg-canvas/15"
            onClick={() => onUndo(note.id)}
          >
            Undo
          </button>
        </div>
      ))}
    </div>
  );
}
