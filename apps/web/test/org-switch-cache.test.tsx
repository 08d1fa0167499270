import { QueryClient } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { InMemoryNoteChanges, InMemoryNoteService } from '@stack/api/testing';
import type { UserDirectory } from '@stack/contracts';
import { startTestApiServer, type TestApiServer } from '@stack/test-harness/api';

import { ActiveOrgPanel } from '../src/organization/active-org-panel';
import { ApiProvider } from '../src/trpc/react';
import { ORG_SESSIONS, ORG_TOKENS } from './support/sessions';

type Org = keyof typeof ORG_TOKENS;

// The panel asks for the session and the organization only, never a profile.
const noUsers: UserDirectory = {
  getProfile: () => Promise.reject(new Error('not used')),
  updateProfile: () => Promise.reject(new Error('not used')),
};

// The provider's org reset: what TRPCReactProvider does when Clerk's useAuth().orgId changes after
// setActive, with getToken then answering for the new organization.
describe('switching organization empties the query cache and refetches with the new token', () => {
  let server: TestApiServer;
  beforeAll(async () => {
    const notes = new InMemoryNoteService();
    server = await startTestApiServer({
      sessions: ORG_SESSIONS,
      services: { users: noUsers, notes, noteChanges: new InMemoryNoteChanges(notes) },
    });
  });
  afterAll(() => server.close());
  afterEach(cleanup);

  function renderFor(initial: Org) {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    let org: Org = initial;
    const tree = (scope: Org) => (
      <ApiProvider
        apiUrl={server.url}
        getToken={async () => ORG_TOKENS[org].token}
        scope={`user_grace:${scope}`}
        queryClient={queryClient}
      >
        <ActiveOrgPanel />
      </ApiProvider>
    );
    const view = render(tree(initial));
    return {
      queryClient,
      switchTo(next: Org) {
        org = next; // Clerk's getToken answers for the new organization first, then orgId changes
        view.rerender(tree(next));
      },
    };
  }

  const cachedText = (queryClient: QueryClient) =>
    JSON.stringify(
      queryClient
        .getQueryCache()
        .getAll()
        .map((q) => q.state.data),
    );

  it('acme → globex → personal: the panel and the cache follow, nothing of the previous org stays', async () => {
    const { queryClient, switchTo } = renderFor('acme');
    await waitFor(() =>
      expect(screen.getByTestId('org-current').textContent).toBe('acme · org:member · org:notes:read'),
    );
    expect(screen.getByTestId('session-current').textContent).toBe('acme · org:member');

    switchTo('globex');
    await waitFor(() => expect(screen.getByTestId('session-current').textContent).not.toContain('acme'));
    await waitFor(() =>
      expect(screen.getByTestId('org-current').textContent).toBe(
        'globex · org:admin · org:notes:read, org:notes:manage',
      ),
    );
    expect(screen.getByTestId('session-current').textContent).toBe('globex · org:admin');
    expect(cachedText(queryClient)).not.toContain('acme');
    expect(server.callsWith(ORG_TOKENS.globex.token)).toBeGreaterThan(0);

    switchTo('personal');
    await waitFor(() => expect(screen.getByTestId('org-current').textContent).toBe('no active organization (403)'));
    expect(screen.getByTestId('session-current').textContent).toBe('personal account · no role');
    expect(cachedText(queryClient)).not.toContain('globex');
  });

  it('keeps the cache when the scope does not change (a re-render is not a switch)', async () => {
    const { queryClient, switchTo } = renderFor('acme');
    await waitFor(() => expect(screen.getByTestId('session-current').textContent).toBe('acme · org:member'));
    const calls = server.callsWith(ORG_TOKENS.acme.token);
    switchTo('acme');
    expect(screen.getByTestId('session-current').textContent).toBe('acme · org:member');
    expect(cachedText(queryClient)).toContain('acme');
    expect(server.callsWith(ORG_TOKENS.acme.token)).toBe(calls);
  });
});
