import { QueryClient } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { startHungServer } from '@stack/test-kit';

import { ProfileView } from '../src/profile/profile-view';
import { ApiProvider } from '../src/trpc/react';
import { useProfileApi } from './support/profile-api';
import { TEST_TOKEN } from './support/sessions';

describe('ProfileForm sends only what the person changed (real tRPC server)', () => {
  const { users, url: apiUrl } = useProfileApi();
  afterEach(cleanup);

  const renderView = (url = apiUrl(), timeoutMs?: number) =>
    render(
      <ApiProvider
        apiUrl={url}
        timeoutMs={timeoutMs}
        getToken={async () => TEST_TOKEN}
        queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      >
        <ProfileView />
      </ApiProvider>,
    );

  it('lets a new user (no names yet) save only a first name; the empty last name is not sent', async () => {
    users.profile = { ...users.profile, firstName: null, lastName: null };
    renderView();
    await userEvent.type(await screen.findByLabelText('First name'), 'Ada');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved');
    expect(users.patches).toEqual([{ firstName: 'Ada' }]);
    expect(screen.getByTestId('profile-name').textContent).toBe('Ada');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('does not send a last name set elsewhere under other rules when only the first name changed', async () => {
    // Clerk's own "Manage account" accepts names this API would refuse (or once refused).
    users.profile = { ...users.profile, firstName: 'Ada', lastName: 'x'.repeat(300) };
    renderView();
    const firstName = await screen.findByLabelText('First name');
    await userEvent.clear(firstName);
    await userEvent.type(firstName, 'Augusta');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved');
    expect(users.patches).toEqual([{ firstName: 'Augusta' }]);
    expect(users.profile.lastName).toBe('x'.repeat(300));
  });

  it('sends no request when nothing changed, and says so', async () => {
    users.profile = { ...users.profile, firstName: 'Ada', lastName: 'Lovelace' };
    renderView();
    const lastName = await screen.findByLabelText('Last name');
    await userEvent.type(lastName, '  '); // whitespace only: the API would trim it away
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('status')).textContent).toBe('No changes to save');
    expect(users.patches).toEqual([]);
  });

  it('sends both names when both changed', async () => {
    users.profile = { ...users.profile, firstName: 'Ada', lastName: 'Lovelace' };
    renderView();
    const firstName = await screen.findByLabelText('First name');
    const lastName = screen.getByLabelText('Last name');
    await userEvent.clear(firstName);
    await userEvent.type(firstName, 'Augusta');
    await userEvent.clear(lastName);
    await userEvent.type(lastName, 'King');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('status');
    expect(users.patches).toEqual([{ firstName: 'Augusta', lastName: 'King' }]);
  });

  it('ends a save against a hung API with "unavailable" within the deadline, keeping what was typed', async () => {
    users.profile = { ...users.profile, firstName: 'Ada', lastName: 'Lovelace' };
    const hung = await startHungServer();
    // The profile is in the cache as if prefetched; the save goes to the hung API.
    // Fresh data (no refetch on mount): only the save goes out.
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    queryClient.setQueryData([['profile', 'me'], { type: 'query' }], { ...users.profile });
    try {
      render(
        <ApiProvider apiUrl={hung.url} timeoutMs={500} getToken={async () => TEST_TOKEN} queryClient={queryClient}>
          <ProfileView />
        </ApiProvider>,
      );
      const firstName = await screen.findByLabelText('First name');
      await userEvent.clear(firstName);
      await userEvent.type(firstName, 'Augusta');
      const started = Date.now();
      await userEvent.click(screen.getByRole('button', { name: 'Save' }));
      expect(screen.getByRole('button', { name: 'Saving…' })).toBeTruthy();
      await waitFor(() => expect(hung.connections()).toBeGreaterThan(0)); // it really reached the hung server
      const alert = await screen.findByRole('alert', {}, { timeout: 5_000 });
      expect(alert.textContent).toBe('The service is unavailable; try again shortly.');
      expect(Date.now() - started).toBeLessThan(4_000); // gave up near the 500 ms deadline, not never
      expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy();
      expect((firstName as HTMLInputElement).value).toBe('Augusta');
    } finally {
      await hung.close();
    }
  });
});
