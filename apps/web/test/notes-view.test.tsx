import { QueryClient } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import type { NoteScope } from '@stack/contracts';

import { NotesView } from '../src/notes/notes-view';
import { ApiProvider } from '../src/trpc/react';
import { useNotesApi } from './support/notes-api';
import { renderNotes, titles, untilLive } from './support/render-notes';
import type { SessionName } from './support/sessions';

const ACME: NoteScope = { kind: 'org', orgId: 'org_acme', userId: 'user_ada' };
const GLOBEX: NoteScope = { kind: 'org', orgId: 'org_globex', userId: 'user_ada' };
const ADA_PERSONAL: NoteScope = { kind: 'personal', userId: 'user_ada' };

/** A gate a test opens when it has seen the in-between state. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('the notes UI against a real tRPC server (in-memory notes)', () => {
  const api = useNotesApi();
  const { notes } = api;
  afterEach(cleanup);

  /** The view as the notes page shows it; deletes are sent 50 ms after the click unless a test wants time to undo. */
  const renderAs = (who: SessionName, canManage = true, undoDeleteMs = 50) =>
    renderNotes(api.url(), who, { canManage, undoDeleteMs, viewerId: 'user_ada' });

  it('shows a skeleton, then the first page newest first; "Load more" appends the next without duplicates', async () => {
    for (let i = 1; i <= 45; i++) await notes.seed(ACME, 'user_ada', { title: `Note ${i}`, body: `Body ${i}` });
    const slow = gate();
    notes.gate = slow.promise;
    renderAs('adaAcme');
    expect(await screen.findByTestId('notes-skeleton')).toBeTruthy();
    slow.open();
    await waitFor(() => expect(titles()).toHaveLength(20));
    expect(titles()[0]).toBe('Note 45');
    expect(titles()[19]).toBe('Note 26');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Notes of acme');

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(titles()).toHaveLength(40));
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(titles()).toHaveLength(45));
    expect(titles()).toEqual(Array.from({ length: 45 }, (_, i) => `Note ${45 - i}`));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(notes.listCalls).toBe(3);
  });

  it('shows an empty state with the create form in the personal space', async () => {
    renderAs('adaPersonal');
    expect(await screen.findByTestId('notes-empty')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Your personal notes');
    expect(screen.getByRole('form', { name: 'New note' })).toBeTruthy();
  });

  it('shows the server’s field errors on create, then clears the form and puts the new note on top without refetching', async () => {
    await notes.seed(ADA_PERSONAL, 'user_ada', { title: 'Older', body: '' });
    renderAs('adaPersonal');
    await waitFor(() => expect(titles()).toEqual(['Older']));
    const form = screen.getByRole('form', { name: 'New note' });
    const title = within(form).getByLabelText('Title');
    await userEvent.type(title, '   ');
    await userEvent.click(within(form).getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(title.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(title.getAttribute('aria-describedby')!)?.textContent).toMatch(/\S/);
    expect(titles()).toEqual(['Older']);

    const listCalls = notes.listCalls;
    await userEvent.clear(title);
    await userEvent.type(title, 'Fresh idea');
    await userEvent.type(within(form).getByLabelText('Body'), 'Write it down');
    await userEvent.click(within(form).getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(titles()).toEqual(['Fresh idea', 'Older']));
    expect((title as HTMLInputElement).value).toBe('');
    expect(title.getAttribute('aria-invalid')).toBeNull();
    expect(notes.listCalls).toBe(listCalls);
  });

  it('keeps what is typed while a create is saving (only the text that was sent is cleared)', async () => {
    renderAs('adaPersonal');
    const form = await screen.findByRole('form', { name: 'New note' });
    const title = within(form).getByLabelText<HTMLInputElement>('Title');
    await userEvent.type(title, 'First');
    const slow = gate();
    notes.writeGate = slow.promise;
    await userEvent.click(within(form).getByRole('button', { name: 'Add note' }));
    await screen.findByRole('button', { name: 'Adding…' });
    await userEvent.clear(title);
    await userEvent.type(title, 'Second, typed while saving');
    slow.open();
    await screen.findByRole('article', { name: 'Note: First' });
    expect(title.value).toBe('Second, typed while saving');
  });

  it('edits optimistically and keeps the server’s version', async () => {
    const note = await notes.seed(ACME, 'user_ada', { title: 'Draft plan', body: 'v1' });
    renderAs('adaAcme');
    const item = await screen.findByRole('article', { name: 'Note: Draft plan' });
    await userEvent.click(within(item).getByRole('button', { name: 'Edit' }));
    const slow = gate();
    notes.writeGate = slow.promise;
    await userEvent.clear(within(item).getByLabelText('Title'));
    await userEvent.type(within(item).getByLabelText('Title'), 'Final plan');
    await userEvent.click(within(item).getByRole('button', { name: 'Save' }));
    // Before the server answers, the list already shows the edit.
    await waitFor(() => expect(screen.getByRole('article', { name: 'Note: Final plan' })).toBeTruthy());
    slow.open();
    await waitFor(async () => expect(await notes.stored(note.id)).toMatchObject({ title: 'Final plan', version: 2 }));
    await waitFor(() => expect(within(item).queryByRole('form')).toBeNull()); // the editor closes on success
    expect(within(item).getByRole('heading').textContent).toBe('Final plan');
  });

  it('rolls an optimistic edit back on a 500 and says so', async () => {
    await notes.seed(ACME, 'user_ada', { title: 'Keep me', body: '' });
    renderAs('adaAcme');
    const item = await screen.findByRole('article', { name: 'Note: Keep me' });
    await userEvent.click(within(item).getByRole('button', { name: 'Edit' }));
    await userEvent.clear(within(item).getByLabelText('Title'));
    await userEvent.type(within(item).getByLabelText('Title'), 'Broken');
    const slow = gate();
    notes.writeGate = slow.promise;
    notes.failNext = 'internal';
    await userEvent.click(within(item).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('article', { name: 'Note: Broken' })).toBeTruthy());
    slow.open();
    await waitFor(() => expect(screen.getByRole('article', { name: 'Note: Keep me' })).toBeTruthy());
    expect(within(item).getByRole('alert').textContent).toBe('Could not save your changes.');
    expect(within(item).getByLabelText<HTMLInputElement>('Title').value).toBe('Broken'); // nothing typed is lost
  });

  it('on a 409 rolls back, shows "changed elsewhere" with the latest version, and saves on top of it', async () => {
    const note = await notes.seed(ACME, 'user_ada', { title: 'Agenda', body: 'first' });
    renderAs('adaAcme');
    const item = await screen.findByRole('article', { name: 'Note: Agenda' });
    await userEvent.click(within(item).getByRole('button', { name: 'Edit' }));
    await notes.changeElsewhere(note.id, { title: 'Agenda (Bob)', body: 'from Bob' });
    await userEvent.clear(within(item).getByLabelText('Body'));
    await userEvent.type(within(item).getByLabelText('Body'), 'from Ada');
    await userEvent.click(within(item).getByRole('button', { name: 'Save' }));

    const conflict = await within(item).findByRole('alert');
    expect(conflict.textContent).toContain('Changed elsewhere');
    expect(within(conflict).getByTestId('note-latest').textContent).toBe('Agenda (Bob)from Bob');
    expect(await notes.stored(note.id)).toMatchObject({ body: 'from Bob', version: 2 }); // nothing written

    await userEvent.click(within(conflict).getByRole('button', { name: 'Save mine on top' }));
    await waitFor(() => expect(within(item).queryByRole('form')).toBeNull());
    expect(within(item).queryByRole('alert')).toBeNull();
    expect(await notes.stored(note.id)).toMatchObject({ title: 'Agenda (Bob)', body: 'from Ada', version: 3 });
    expect(within(item).getByRole('heading').textContent).toBe('Agenda (Bob)');
    expect(within(item).getByText('from Ada')).toBeTruthy();
  });

  it('deletes optimistically once the undo window has passed', async () => {
    const doomed = await notes.seed(ACME, 'user_ada', { title: 'Doomed', body: '' });
    await notes.seed(ACME, 'user_ada', { title: 'Survivor', body: '' });
    renderAs('adaAcme');
    const item = await screen.findByRole('article', { name: 'Note: Doomed' });
    const slow = gate();
    notes.writeGate = slow.promise;
    await userEvent.click(within(item).getByRole('button', { name: 'Delete' }));
    expect(titles()).toEqual(['Survivor']); // gone at once
    expect(screen.getByTestId('undo-delete').textContent).toContain('Deleted “Doomed”');
    await waitFor(() => expect(screen.queryByTestId('undo-delete')).toBeNull()); // the window passed: sent
    expect(await notes.stored(doomed.id)).not.toBeNull(); // held by the gate: not answered yet
    slow.open();
    await waitFor(async () => expect(await notes.stored(doomed.id)).toBeNull());
    expect(titles()).toEqual(['Survivor']);
  });

  it('brings a deleted note back on Undo, without ever sending the delete', async () => {
    const kept = await notes.seed(ACME, 'user_ada', { title: 'Second thoughts', body: '' });
    renderAs('adaAcme', true, 60_000);
    const item = await screen.findByRole('article', { name: 'Note: Second thoughts' });
    await userEvent.click(within(item).getByRole('button', { name: 'Delete' }));
    expect(titles()).toEqual([]);
    await userEvent.click(within(screen.getByTestId('undo-delete')).getByRole('button', { name: 'Undo' }));
    expect(titles()).toEqual(['Second thoughts']);
    expect(screen.queryByTestId('undo-delete')).toBeNull();
    expect(await notes.stored(kept.id)).toMatchObject({ version: 1 });
    expect(notes.deleteCalls).toBe(0);
  });

  it('sends a pending delete at once when the view goes away (another page, another organization)', async () => {
    const doomed = await notes.seed(ACME, 'user_ada', { title: 'Leaving', body: '' });
    const view = renderAs('adaAcme', true, 60_000);
    const item = await screen.findByRole('article', { name: 'Note: Leaving' });
    await userEvent.click(within(item).getByRole('button', { name: 'Delete' }));
    view.unmount();
    await waitFor(async () => expect(await notes.stored(doomed.id)).toBeNull());
  });

  it('puts a deleted note back where it was when the server is unavailable (503)', async () => {
    await notes.seed(ACME, 'user_ada', { title: 'Bottom', body: '' });
    await notes.seed(ACME, 'user_ada', { title: 'Middle', body: '' });
    await notes.seed(ACME, 'user_ada', { title: 'Top', body: '' });
    renderAs('adaAcme');
    const item = await screen.findByRole('article', { name: 'Note: Middle' });
    const slow = gate();
    notes.writeGate = slow.promise;
    notes.failNext = 'unavailable';
    await userEvent.click(within(item).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(titles()).toEqual(['Top', 'Bottom']));
    slow.open();
    await waitFor(() => expect(titles()).toEqual(['Top', 'Middle', 'Bottom']));
    const back = screen.getByRole('article', { name: 'Note: Middle' });
    expect(within(back).getByRole('alert').textContent).toBe('The service is unavailable; try again shortly.');
  });

  it('refuses a delete over a newer version, shows the latest, and deletes on request', async () => {
    const note = await notes.seed(ACME, 'user_ada', { title: 'Shared', body: '' });
    renderAs('adaAcme');
    const item = await screen.findByRole('article', { name: 'Note: Shared' });
    await untilLive();
    // The change elsewhere has not reached this tab when its delete goes out.
    const release = notes.holdChanges();
    await notes.changeElsewhere(note.id, { title: 'Shared, edited' });
    await userEvent.click(within(item).getByRole('button', { name: 'Delete' }));
    release();
    const back = await screen.findByRole('article', { name: 'Note: Shared, edited' });
    const conflict = await within(back).findByRole('alert');
    expect(conflict.textContent).toContain('Changed elsewhere');
    expect(await notes.stored(note.id)).not.toBeNull();
    await userEvent.click(within(conflict).getByRole('button', { name: 'Delete anyway' }));
    await waitFor(async () => expect(await notes.stored(note.id)).toBeNull());
    expect(screen.queryAllByTestId('note')).toHaveLength(0);
  });

  it('hides every write control without org:notes:manage', async () => {
    await notes.seed(ACME, 'user_ada', { title: 'Read only', body: '' });
    renderAs('bobAcme', false);
    const item = await screen.findByRole('article', { name: 'Note: Read only' });
    expect(screen.getByTestId('notes-read-only')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'New note' })).toBeNull();
    expect(within(item).queryByRole('button')).toBeNull();
  });

  it('explains a 401, a 403 and a 503 (and recovers from the 503 on Retry)', async () => {
    const anonymous = renderAs('adaPersonal');
    anonymous.unmount();
    render(
      <ApiProvider
        apiUrl={api.url()}
        getToken={async () => null}
        queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      >
        <NotesView orgId={null} scopeName={null} canManage />
      </ApiProvider>,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('Please sign in again');
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/sign-in?redirect_url=%2Fnotes');
    expect(screen.queryByRole('form', { name: 'New note' })).toBeNull();
    cleanup();

    renderAs('bobNoRead', false);
    expect((await screen.findByRole('alert')).textContent).toContain('No access to these notes');
    cleanup();

    await notes.seed(ACME, 'user_ada', { title: 'Back again', body: '' });
    notes.down = true;
    renderAs('adaAcme');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The service is unavailable');
    notes.down = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('article', { name: 'Note: Back again' })).toBeTruthy();
  });

  it('switching organization shows the new scope’s notes and never paints the old ones', async () => {
    await notes.seed(ACME, 'user_ada', { title: 'Acme roadmap', body: '' });
    await notes.seed(GLOBEX, 'user_ada', { title: 'Globex budget', body: '' });
    const view = renderAs('adaAcme');
    await screen.findByRole('article', { name: 'Note: Acme roadmap' });

    const slow = gate();
    notes.gate = slow.promise;
    act(() => view.switchTo('adaGlobex'));
    // The very first render of the new scope: no acme note, a skeleton while globex loads.
    expect(screen.queryByRole('article', { name: 'Note: Acme roadmap' })).toBeNull();
    expect(screen.getByTestId('notes-skeleton')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Notes of globex');
    slow.open();
    await waitFor(() => expect(titles()).toEqual(['Globex budget']));

    // And back: acme's notes again, fetched for acme.
    act(() => view.switchTo('adaAcme'));
    expect(screen.queryByRole('article', { name: 'Note: Globex budget' })).toBeNull();
    await waitFor(() => expect(titles()).toEqual(['Acme roadmap']));
  });
});
