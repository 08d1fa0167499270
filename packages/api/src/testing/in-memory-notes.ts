import { randomUUID } from 'node:crypto';

import {
  ConflictError,
  InvalidInputError,
  type Note,
  type NoteChange,
  type NoteDraft,
  type NotePage,
  type NotePatch,
  type NoteScope,
  type NoteService,
  NotFoundError,
} from '@stack/contracts';

type Author = Note['author'];

/** A committed change as the fake records it: in order, with its scope. */
export interface RecordedChange {
  seq: number;
  scope: NoteScope;
  change: NoteChange;
}

const inScope = (note: Note, authorId: string, scope: NoteScope) =>
  scope.kind === 'org' ? note.orgId === scope.orgId : note.orgId === null && authorId === scope.userId;

/** Newest first: created_at desc, then id desc (the same order the database service uses). */
const newerFirst = (a: Note, b: Note) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The NoteService contract kept in memory, for tests of the router and of clients (no database).
 * It follows the real service's rules: scopes, versions, keyset cursors, NotFound across scopes.
 */
export class InMemoryNoteService implements NoteService {
  private readonly notes = new Map<string, { note: Note; authorId: string }>();
  /** Milliseconds; tests may steer it. Ties are broken by id, as in the database. */
  now: () => number = () => Date.now();
  /** Every committed change, in commit order (the outbox `InMemoryNoteChanges` streams). */
  readonly changes: RecordedChange[] = [];
  private readonly listeners = new Set<(change: RecordedChange) => void>();

  constructor(private readonly authorOf: (userId: string) => Author = (id) => ({ id, name: null, imageUrl: null })) {}

  list(scope: NoteScope, page: { cursor: string | null; limit: number }): Promise<NotePage> {
    const after = page.cursor === null ? null : decodeCursor(page.cursor);
    const visible = [...this.notes.values()]
      .filter(({ note, authorId }) => inScope(note, authorId, scope))
      .map(({ note }) => note)
      .sort(newerFirst)
      .filter((n) => !after || n.createdAt < after.t || (n.createdAt === after.t && n.id < after.id));
    const items = visible.slice(0, page.limit).map((n) => ({ ...n, author: { ...n.author } }));
    const last = items.at(-1);
    const nextCursor = visible.length > page.limit && last ? encodeCursor(last) : null;
    // Ids are positions in the one change log (InMemoryNoteChanges resumes from them).
    return Promise.resolve({ items, nextCursor, lastEventId: String(this.changes.length) });
  }

  byId(scope: NoteScope, id: string): Promise<Note> {
    return Promise.resolve({ ...this.find(scope, id) });
  }

  create(scope: NoteScope, authorId: string, draft: NoteDraft): Promise<Note> {
    const at = this.now();
    const note: Note = {
      id: randomUUID(),
      title: draft.title,
      body: draft.body,
      orgId: scope.kind === 'org' ? scope.orgId : null,
      author: this.authorOf(authorId),
      editedBy: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    this.notes.set(note.id, { note, authorId });
    this.record(scope, { kind: 'created', note: { ...note } });
    return Promise.resolve({ ...note });
  }

  update(scope: NoteScope, id: string, version: number, patch: NotePatch, editorId: string): Promise<Note> {
    const current = this.find(scope, id);
    if (current.version !== version) throw new ConflictError('Note changed elsewhere', { ...current });
    const next: Note = {
      ...current,
      ...patch,
      editedBy: this.authorOf(editorId),
      version: version + 1,
      updatedAt: this.now(),
    };
    this.notes.set(id, { note: next, authorId: this.notes.get(id)!.authorId });
    this.record(scope, { kind: 'updated', note: { ...next } });
    return Promise.resolve({ ...next });
  }

  delete(scope: NoteScope, id: string, version: number): Promise<{ id: string }> {
    const current = this.find(scope, id);
    if (current.version !== version) throw new ConflictError('Note changed elsewhere', { ...current });
    this.notes.delete(id);
    this.record(scope, { kind: 'deleted', id, version });
    return Promise.resolve({ id });
  }

  /** Hears every change from now on; returns the unsubscribe function. */
  onChange(listener: (change: RecordedChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(scope: NoteScope, change: NoteChange): void {
    const recorded = { seq: this.changes.length + 1, scope, change };
    this.changes.push(recorded);
    for (const listener of this.listeners) listener(recorded);
  }

  private find(scope: NoteScope, id: string): Note {
    const entry = this.notes.get(id);
    if (!entry || !inScope(entry.note, entry.authorId, scope)) throw new NotFoundError('Note', id);
    return entry.note;
  }
}

function encodeCursor(note: Note): string {
  return Buffer.from(JSON.stringify({ t: note.createdAt, id: note.id })).toString('base64url');
}

function decodeCursor(cursor: string): { t: number; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      typeof value === 'object' &&
      value !== null &&
      'id' in value &&
      't' in value &&
      typeof value.t === 'number' &&
      typeof value.id === 'string'
    )
      return { t: value.t, id: value.id };
  } catch {
    // fall through: not a cursor this service issued
  }
  throw new InvalidInputError('Malformed cursor');
}
