import { QueryClient } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { ProfileView } from '../src/profile/profile-view';
import { ApiProvider } from '../src/trpc/react';
import { useProfileApi } from './support/profile-api';
import { TEST_TOKEN } from './support/sessions';

describe('ProfileView against a real tRPC server', () => {
  const { users, url: apiUrl } = useProfileApi();
  afterEach(cleanup);

  const renderView = (token: string | null = TEST_TOKEN) =>
    render(
      <ApiProvider
        apiUrl={apiUrl()}
        getToken={async () => token}
        // No automatic retries here: each state is asserted as the person would first see it.
        queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      >
        <ProfileView />
      </ApiProvider>,
    );

  it('shows a skeleton while loading, then the name, email and avatar', async () => {
    let open!: () => void;
    users.gate = new Promise((resolve) => (open = resolve));
    renderView();
    expect(await screen.findByTestId('profile-skeleton')).toBeTruthy();
    open();
    expect((await screen.findByTestId('profile-name')).textContent).toBe('Ada Lovelace');
    expect(screen.getByTestId('profile-email').textContent).toBe('ada@example.com');
    expect(screen.queryByTestId('profile-skeleton')).toBeNull();
    expect(screen.getByText('AL')).toBeTruthy(); // no image URL: initials
  });

  it('explains a 503 and recovers on Retry', async () => {
    users.down = true;
    renderView();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The service is unavailable');
    users.down = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect((await screen.findByTestId('profile-name')).textContent).toBe('Ada Lovelace');
  });

  it('asks a caller without a valid session to sign in again (401)', async () => {
    renderView(null);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Please sign in again');
    expect(within(alert).getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(
      '/sign-in?redirect_url=%2Fprofile',
    );
    expect(users.reads).toBe(0);
  });

  it('shows the server’s field errors next to the fields and keeps the profile unchanged', async () => {
    renderView();
    const firstName = await screen.findByLabelText('First name');
    await userEvent.clear(firstName);
    await userEvent.type(firstName, '   ');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(firstName.getAttribute('aria-invalid')).toBe('true'));
    const error = document.getElementById(firstName.getAttribute('aria-describedby')!);
    expect(error?.textContent).toBe('Must not be empty');
    expect(users.profile.firstName).toBe('Ada');
  });

  it('saves, updates the cached profile without refetching, and says so', async () => {
    renderView();
    const firstName = await screen.findByLabelText('First name');
    const readsBefore = users.reads;
    await userEvent.clear(firstName);
    await userEvent.type(firstName, 'Augusta');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('status')).toBeTruthy();
    expect(screen.getByTestId('profile-name').textContent).toBe('Augusta Lovelace');
    expect(users.profile.firstName).toBe('Augusta');
    expect(users.reads).toBe(readsBefore);
  });

  it('reports a failed save without losing what was typed', async () => {
    renderView();
    const lastName = await screen.findByLabelText('Last name');
    users.down = true;
    await userEvent.clear(lastName);
    await userEvent.type(lastName, 'King');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toContain('unavailable');
    expect((lastName as HTMLInputElement).value).toBe('King');
  });
});
