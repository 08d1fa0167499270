'use client';

import { useLayoutEffect, useRef, useState } from 'react';

import type { Note } from '@stack/contracts';

import { httpStatusOf } from '../trpc/query-client';
import { api } from '../trpc/react';
import { conflictCurrent, isConflict } from './conflict';
import {
  findNote,
  type NotePlace,
  NOTES_LIST_INPUT,
  type NotesData,
  removeNote,
  replaceNote,
  restoreNote,
} from './notes-cache';
import { writeErrorMessage } from './notes-error';

export type NoteAction = 'save' | 'delete';

/** What went wrong with the last write of a note, shown on that note until the next write. */
export type NoteProblem =
  { kind: 'conflict'; action: NoteAction; current: Note } | { kind: 'error'; action: NoteAction; message: string };

export interface NoteDraftInput {
  title: string;
  body: string;
}

export type NotePatchInput = Partial<NoteDraftInput>;

export type FieldErrors = Partial<Record<keyof NoteDraftInput, string[]>>;

export type SaveResult = { ok: true } | { ok: false; fieldErrors: FieldErrors };

/**
 * Edits and deletes of the cached notes, optimistic: the list changes at once and is put back when
 * the server refuses. A CONFLICT replaces the note with the server's current version and records a
 * problem the note shows ("changed elsewhere"), so the person can retry on top of it. Lives above
 * the items: a deleted note's item unmounts, yet a rollback must still be reported on it.
 */
export function useNoteWrites(
  orgId: string | null,
  /** Told when a delete starts, and when it fails (the note is back): the live list hides it meanwhile. */
  deleting: { started(id: string): void; failed(id: string): void } = { started: () => {}, failed: () => {} },
) {
  const utils = api.useUtils();
  const [problems, setProblems] = useState<Record<string, NoteProblem>>({});
  // Results can land after a switch of organization: they must never touch the new scope's list.
  const scope = useRef(orgId);
  useLayoutEffect(() => {
    scope.current = orgId;
  });
  const inScope = (note: Note) => note.orgId === scope.current;
  const setList = (fn: (data: NotesData | undefined) => NotesData | undefined) =>
    utils.note.list.setInfiniteData(NOTES_LIST_INPUT, fn);
  const placeOf = (id: string) => findNote(utils.note.list.getInfiniteData(NOTES_LIST_INPUT), id);

  const report = (id: string, problem: NoteProblem | null) =>
    setProblems((all) => {
      const { [id]: _previous, ...rest } = all;
      return problem ? { ...rest, [id]: problem } : rest;
    });

  /** Puts the note back as it was before the optimistic change, then explains the failure. */
  async function rollBack(error: unknown, action: NoteAction, before: NotePlace | null | undefined, id: string) {
    if (before && inScope(before.note)) {
      setList((data) => replaceNote(restoreNote(data, before), before.note));
    }
    if (isConflict(error)) {
      // The server sends the current note with the conflict; ask for it if it did not.
      const current = conflictCurrent(error) ?? (await utils.client.note.byId.query({ id }).catch(() => null));
      if (current && inScope(current)) {
        setList((data) => replaceNote(data, current));
        report(id, { kind: 'conflict', action, current });
        return;
      }
    }
    if (action === 'delete' && httpStatusOf(error) === 404) return; // already gone elsewhere: nothing to undo
    report(id, { kind: 'error', action, message: writeErrorMessage(error, action) });
  }

  const update = api.note.update.useMutation({
    onMutate: async (input) => {
      report(input.id, null);
      await utils.note.list.cancel(); // an in-flight page must not overwrite the optimistic note
      const before = placeOf(input.id);
      if (before) setList((data) => replaceNote(data, { ...before.note, ...patchOf(input) }));
      return { before };
    },
    onError: (error, input, context) => rollBack(error, 'save', context?.before, input.id),
    onSuccess: (note) => {
      if (inScope(note)) setList((data) => replaceNote(data, note));
    },
  });

  const remove = api.note.delete.useMutation({
    onMutate: async (input) => {
      report(input.id, null);
      deleting.started(input.id);
      await utils.note.list.cancel();
      const before = placeOf(input.id);
      setList((data) => removeNote(data, input.id));
      return { before };
    },
    onError: (error, input, context) => {
      if (httpStatusOf(error) === 404) return; // deleted elsewhere: the optimistic removal stands
      deleting.failed(input.id);
      return rollBack(error, 'delete', context?.before, input.id);
    },
  });

  return {
    problems,
    dismiss: (id: string) => report(id, null),
    /** Writes `patch` over `version`; resolves with the server's field errors when it refuses the input. */
    save: async (id: string, patch: NotePatchInput, version: number): Promise<SaveResult> => {
      try {
        await update.mutateAsync({ id, version, ...patch });
        return { ok: true };
      } catch (error) {
        const fieldErrors = (error as { data?: { zodError?: { fieldErrors?: FieldErrors } | null } }).data?.zodError
          ?.fieldErrors;
        return { ok: false, fieldErrors: fieldErrors ?? {} };
      }
    },
    delete: (note: Note, version: number) => remove.mutate({ id: note.id, version }),
  };
}

const patchOf = (input: NotePatchInput) => ({
  ...(input.title !== undefined ? { title: input.title } : {}),
  ...(input.body !== undefined ? { body: input.body } : {}),
});
