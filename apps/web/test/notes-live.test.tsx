import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { type NoteScope, StreamEndedError, StreamRevokedError } from '@stack/contracts';

import { useNotesApi } from './support/notes-api';
import { liveState, renderNotes, titles, untilLive } from './support/render-notes';
import { tokenFor } from './support/sessions';

const ACME: NoteScope = { kind: 'org', orgId: 'org_acme', userId: 'user_ada' };
const GLOBEX: NoteScope = { kind: 'org', orgId: 'org_globex', userId: 'user_ada' };
const ADA_PERSONAL: NoteScope = { kind: 'personal', userId: 'user_ada' };

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Everything the page painted, in order: the titles after each DOM change, and each stream state shown. */
function recordPaints() {
  const paints: (string | null | undefined)[][] = [];
  const states: string[] = [];
  const observer = new MutationObserver(() => {
    paints.push(titles());
    const state = liveState();
    if (state && states.at(-1) !== state) states.push(state);
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  return { paints, states, stop: () => observer.disconnect() };
}

/**
 * The notes page live: `note.changes` through the app's own links (the eventsource ponyfill, the
 * retry of UNAUTHORIZED) against the real router on tRPC's HTTP adapter, notes and changes in
 * memory, steered by the test.
 */
describe('the notes page, live', () => {
  const api = useNotesApi();
  const { notes } = api;
  afterEach(cleanup);

  it('another member’s create, edit and delete appear without a reload, with who edited and when', async () => {
    const roadmap = await notes.seed(ACME, 'user_ada', { title: 'Roadmap', body: '' });
    renderNotes(api.url(), 'adaAcme');
    await untilLive();
    const fromBob = await notes.seed(ACME, 'user_bob', { title: 'From Bob', body: '' });
    await waitFor(() => expect(titles()).toEqual(['From Bob', 'Roadmap']));
    const revised = await notes.changeElsewhere(roadmap.id, { title: 'Roadmap, revised' });
    const item = await screen.findByRole('article', { name: 'Note: Roadmap, revised' });
    // The fake's clock is in 2023, so the time shows as a date (relative times: relative-time.test.ts).
    const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(revised.updatedAt);
    expect(within(item).getByTestId('note-byline').textContent).toBe(`Ada Lovelace · edited by Bob Member, ${day}`);
    await notes.deleteElsewhere(fromBob.id);
    await waitFor(() => expect(titles()).toEqual(['Roadmap, revised']));
    expect(notes.listCalls).toBe(1); // all of it live: the list was never fetched again
  });

  it('this tab’s own create and edit show once each, never twice, never back to the old text', async () => {
    renderNotes(api.url(), 'adaPersonal');
    await untilLive();
    const recorded = recordPaints();
    const form = screen.getByRole('form', { name: 'New note' });
    await userEvent.type(within(form).getByLabelText('Title'), 'Mine');
    await userEvent.click(within(form).getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(titles()).toEqual(['Mine']));
    // Changes arrive in order: once a later one shows, the echo of this tab's create has come and gone.
    await notes.seed(ADA_PERSONAL, 'user_ada', { title: 'Later', body: '' });
    await waitFor(() => expect(titles()).toEqual(['Later', 'Mine']));

    const mine = screen.getByRole('article', { name: 'Note: Mine' });
    await userEvent.click(within(mine).getByRole('button', { name: 'Edit' }));
    const title = within(mine).getByLabelText('Title');
    await userEvent.clear(title);
    await userEvent.type(title, 'Mine, edited');
    await userEvent.click(within(mine).getByRole('button', { name: 'Save' }));
    await screen.findByRole('article', { name: 'Note: Mine, edited' });
    await notes.seed(ADA_PERSONAL, 'user_ada', { title: 'Latest', body: '' });
    await waitFor(() => expect(titles()).toEqual(['Latest', 'Later', 'Mine, edited']));
    recorded.stop();
    for (const paint of recorded.paints) expect(new Set(paint).size, paint.join(' | ')).toBe(paint.length);
    const firstEdited = recorded.paints.findIndex((paint) => paint.includes('Mine, edited'));
    expect(recorded.paints.slice(firstEdited).some((paint) => paint.includes('Mine'))).toBe(false);
    expect(screen.queryByTestId('changed-elsewhere')).toBeNull();
  });

  it('a note deleted elsewhere never comes back, not even from a page read before the delete', async () => {
    const doomed = await notes.seed(ACME, 'user_ada', { title: 'Doomed', body: '' });
    await notes.seed(ACME, 'user_ada', { title: 'Kept', body: '' });
    const view = renderNotes(api.url(), 'adaAcme');
    await untilLive();
    await waitFor(() => expect(titles()).toEqual(['Kept', 'Doomed']));
    // A refetch reads the notes now and answers after the delete below.
    const stale = gate();
    notes.staleListGate = stale.promise;
    const refetch = view.queryClient.refetchQueries();
    await waitFor(() => expect(notes.listCalls).toBe(2));
    await notes.deleteElsewhere(doomed.id);
    await waitFor(() => expect(titles()).toEqual(['Kept']));
    const recorded = recordPaints();
    stale.open();
    await act(() => refetch);
    recorded.stop();
    expect(titles()).toEqual(['Kept']);
    expect(recorded.paints.some((paint) => paint.includes('Doomed'))).toBe(false);
  });

  it('a note being edited here that changes elsewhere says so at once, before any save', async () => {
    const draft = await notes.seed(ACME, 'user_ada', { title: 'Draft', body: 'v1' });
    renderNotes(api.url(), 'adaAcme');
    await untilLive();
    const item = await screen.findByRole('article', { name: 'Note: Draft' });
    await userEvent.click(within(item).getByRole('button', { name: 'Edit' }));
    await userEvent.type(within(item).getByLabelText('Body'), ' and mine');
    await notes.changeElsewhere(draft.id, { body: 'theirs' });
    const banner = await within(item).findByTestId('changed-elsewhere');
    expect(banner.textContent).toContain('Bob Member saved this note while you were editing it');
    expect(banner.textContent).toContain('theirs');
    // What was typed is still there; saving on top of their version is a choice, not an accident.
    expect(within(item).getByLabelText<HTMLTextAreaElement>('Body').value).toBe('v1 and mine');
    await userEvent.click(within(banner).getByRole('button', { name: 'Save mine on top' }));
    await waitFor(async () => expect(await notes.stored(draft.id)).toMatchObject({ body: 'v1 and mine', version: 3 }));
    expect(within(item).queryByTestId('changed-elsewhere')).toBeNull();

    await userEvent.click(within(item).getByRole('button', { name: 'Edit' }));
    await userEvent.type(within(item).getByLabelText('Body'), ', again');
    await notes.changeElsewhere(draft.id, { body: 'theirs again' });
    await userEvent.click(
      within(await within(item).findByTestId('changed-elsewhere')).getByRole('button', { name: 'Keep theirs' }),
    );
    expect(within(item).queryByLabelText('Body')).toBeNull();
    expect(within(item).getByText('theirs again')).toBeTruthy();
    expect(await notes.stored(draft.id)).toMatchObject({ body: 'theirs again', version: 4 });
  });

  it('shows Live, then Reconnecting… while a stream that ended retryably comes back, resuming with nothing lost or repeated', async () => {
    renderNotes(api.url(), 'adaAcme');
    await untilLive();
    const recorded = recordPaints();
    notes.endStreams(new StreamEndedError('draining'));
    // Written as the stream ends: while the page reconnects, or just after.
    await notes.seed(ACME, 'user_bob', { title: 'While away', body: '' });
    await screen.findByRole('article', { name: 'Note: While away' });
    await untilLive();
    await notes.seed(ACME, 'user_bob', { title: 'Back', body: '' });
    await waitFor(() => expect(titles()).toEqual(['Back', 'While away']));
    recorded.stop();
    expect(recorded.states).toContain('reconnecting');
    expect(recorded.states.at(-1)).toBe('live');
    expect(screen.getByTestId('live-status').textContent).toBe('Live');
  });

  it('an UNAUTHORIZED is retried once with a token asked for anew; a second in a row stops, says why, and Reconnect restarts', async () => {
    const asked: (boolean | undefined)[] = [];
    renderNotes(api.url(), 'adaAcme', {
      getToken: async (options) => {
        asked.push(options?.fresh);
        return tokenFor('adaAcme');
      },
    });
    await untilLive();
    notes.endStreams(new StreamRevokedError('UNAUTHORIZED'));
    await waitFor(() => expect(asked).toContain(true));
    await untilLive();
    notes.endStreams(new StreamRevokedError('UNAUTHORIZED'));
    await waitFor(() => expect(liveState()).toBe('stopped'));
    const status = screen.getByTestId('live-status');
    expect(status.textContent).toContain('Your session ended');
    await userEvent.click(within(status).getByRole('button', { name: 'Reconnect' }));
    await untilLive();
  });

  it('history gone (a reset) refetches the list', async () => {
    await notes.seed(ACME, 'user_ada', { title: 'Kept', body: '' });
    notes.lastEventIdOverride = 'not-an-id-of-ours';
    renderNotes(api.url(), 'adaAcme');
    await waitFor(() => expect(notes.listCalls).toBe(2));
    expect(titles()).toEqual(['Kept']);
  });

  it('one stream per page, and switching organization switches it', async () => {
    const view = renderNotes(api.url(), 'adaAcme');
    await untilLive();
    expect(notes.openStreams()).toEqual([{ userId: 'user_ada', sessionId: 'sess_user_ada', orgId: 'org_acme' }]);
    act(() => view.switchTo('adaGlobex'));
    await waitFor(() => expect(notes.openStreams().map((h) => h.orgId)).toEqual(['org_globex']));
    await untilLive();
    await notes.seed(ACME, 'user_bob', { title: 'Acme, later', body: '' });
    await notes.seed(GLOBEX, 'user_ada', { title: 'Globex, later', body: '' });
    await waitFor(() => expect(titles()).toEqual(['Globex, later']));
  });
});
