import { InMemoryNoteChanges, InMemoryNoteService } from '@stack/api/testing';
import {
  type Note,
  type NoteChangeEvent,
  type NoteChangeStreams,
  type NoteDraft,
  type NotePage,
  type NotePatch,
  type NoteScope,
  type NoteService,
  NotFoundError,
  ServiceUnavailableError,
  type StreamHolder,
} from '@stack/contracts';

const NAMES: Record<string, string> = { user_ada: 'Ada Lovelace', user_bob: 'Bob Member' };

/**
 * The API package's in-memory notes (the contract's rules: scopes, versions, conflicts carrying the
 * current note, keyset cursors) and their live changes, steered by the test: failures, delays,
 * another client's writes, streams ended.
 */
export class MemoryNotes implements NoteService, NoteChangeStreams {
  private inner = this.fresh();
  private changes = new InMemoryNoteChanges(this.inner);
  /** Each seeded note's scope, so a test can act on it "from elsewhere". */
  private readonly scopes = new Map<string, NoteScope>();
  /** The next call fails this way: 'unavailable' is a 503, 'internal' an unexpected error (500). */
  failNext: 'unavailable' | 'internal' | null = null;
  /** Every call fails with a 503 while set. */
  down = false;
  /** While set, list calls wait for it (to see the loading state). */
  gate: Promise<void> | null = null;
  /** While set, writes wait for it (to see the optimistic state). */
  writeGate: Promise<void> | null = null;
  /** While set, a list call reads the notes at once and answers only after it: a stale page. */
  staleListGate: Promise<void> | null = null;
  /** While set, list pages name this `lastEventId` (an id the change log never issued: a `reset`). */
  lastEventIdOverride: string | null = null;
  listCalls = 0;
  deleteCalls = 0;

  private fresh(): InMemoryNoteService {
    const service = new InMemoryNoteService((id) => ({ id, name: NAMES[id] ?? null, imageUrl: null }));
    // A strictly increasing clock: creation order is list order, whatever the machine's speed.
    let clock = 1_700_000_000_000;
    service.now = () => ++clock;
    return service;
  }

  reset(): void {
    this.inner = this.fresh();
    this.changes = new InMemoryNoteChanges(this.inner);
    this.scopes.clear();
    this.failNext = null;
    this.down = false;
    this.gate = null;
    this.writeGate = null;
    this.staleListGate = null;
    this.lastEventIdOverride = null;
    this.listCalls = 0;
    this.deleteCalls = 0;
  }

  /** A note written by someone, before or while the page is open. */
  async seed(scope: NoteScope, authorId: string, draft: NoteDraft): Promise<Note> {
    const note = await this.inner.create(scope, authorId, draft);
    this.scopes.set(note.id, scope);
    return note;
  }

  /** Another client's update (Bob's, by default): the version moves on. */
  async changeElsewhere(id: string, patch: NotePatch, editorId = 'user_bob'): Promise<Note> {
    const scope = this.scopes.get(id)!;
    const current = await this.inner.byId(scope, id);
    return this.inner.update(scope, id, current.version, patch, editorId);
  }

  /** Another client's delete. */
  async deleteElsewhere(id: string): Promise<void> {
    const scope = this.scopes.get(id)!;
    const current = await this.inner.byId(scope, id);
    await this.inner.delete(scope, id, current.version);
  }

  /** Who holds the streams open now. */
  openStreams(): StreamHolder[] {
    return this.changes.streams.map((s) => s.holder);
  }

  /** The note as stored now, or null once deleted. */
  async stored(id: string): Promise<Note | null> {
    const scope = this.scopes.get(id);
    if (!scope) return null;
    try {
      return await this.inner.byId(scope, id);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  private async steer(gate: Promise<void> | null): Promise<void> {
    if (gate) await gate;
    if (this.down) throw new ServiceUnavailableError('notes down', 5);
    const failure = this.failNext;
    this.failNext = null;
    if (failure === 'unavailable') throw new ServiceUnavailableError('notes down', 5);
    if (failure === 'internal') throw new Error('connection reset by the database at 10.0.0.5');
  }

  async list(scope: NoteScope, page: { cursor: string | null; limit: number }): Promise<NotePage> {
    this.listCalls++;
    await this.steer(this.gate);
    const stale = this.staleListGate;
    const answer = await this.inner.list(scope, page);
    if (stale) await stale;
    return this.lastEventIdOverride === null ? answer : { ...answer, lastEventId: this.lastEventIdOverride };
  }

  async byId(scope: NoteScope, id: string): Promise<Note> {
    await this.steer(null);
    return this.inner.byId(scope, id);
  }

  async create(scope: NoteScope, authorId: string, draft: NoteDraft): Promise<Note> {
    await this.steer(this.writeGate);
    const note = await this.inner.create(scope, authorId, draft);
    this.scopes.set(note.id, scope);
    return note;
  }

  async update(scope: NoteScope, id: string, version: number, patch: NotePatch, editorId: string): Promise<Note> {
    await this.steer(this.writeGate);
    return this.inner.update(scope, id, version, patch, editorId);
  }

  async delete(scope: NoteScope, id: string, version: number): Promise<{ id: string }> {
    this.deleteCalls++;
    await this.steer(this.writeGate);
    return this.inner.delete(scope, id, version);
  }

  open(
    scope: NoteScope,
    holder: StreamHolder,
    lastEventId: string | null,
    signal: AbortSignal,
  ): Promise<AsyncIterable<NoteChangeEvent>> {
    return this.changes.open(scope, holder, lastEventId, signal);
  }

  /** Holds live delivery back until the returned function is called (see InMemoryNoteChanges.hold). */
  holdChanges(): () => void {
    return this.changes.hold();
  }

  /** Ends the open streams (all, or those `match` picks) with `error`, as a drain or a revocation would. */
  endStreams(error: Error, match?: (holder: StreamHolder) => boolean): void {
    this.changes.endAll(error, match);
  }
}
