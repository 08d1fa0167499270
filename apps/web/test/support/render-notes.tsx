import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import { expect } from 'vitest';

import { NotesView } from '../../src/notes/notes-view';
import { ApiProvider } from '../../src/trpc/react';
import { type SessionName, SESSIONS, tokenFor } from './sessions';

export interface NotesRenderOptions {
  canManage?: boolean;
  /** The token source (default: the session's fixed token). */
  getToken?: (options?: { fresh?: boolean }) => Promise<string | null>;
  /** The signed-in user (their own nameless notes read "You"). */
  viewerId?: string;
  /** How long a delete can be undone before it is sent. */
  undoDeleteMs?: number;
}

/**
 * The notes view as the notes page shows it to `who`, against `apiUrl`, in one long-lived query
 * client (like the browser's); `switchTo` is what a switch of organization does: a new token, then
 * the page renders the new scope.
 */
export function renderNotes(apiUrl: string, who: SessionName, options: NotesRenderOptions = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 30_000 } } });
  let token = tokenFor(who);
  const getToken = options.getToken ?? (async () => token);
  const view = (name: SessionName, manage: boolean) => {
    const auth = SESSIONS[name];
    return (
      <ApiProvider apiUrl={apiUrl} getToken={getToken} queryClient={queryClient}>
        <NotesView
          key={auth.orgId ?? 'personal'}
          orgId={auth.orgId}
          scopeName={auth.orgSlug}
          canManage={manage}
          viewerId={options.viewerId ?? null}
          {...(options.undoDeleteMs === undefined ? {} : { undoDeleteMs: options.undoDeleteMs })}
        />
      </ApiProvider>
    );
  };
  const result = render(view(who, options.canManage ?? true));
  return {
    ...result,
    queryClient,
    switchTo: (name: SessionName, manage = true) => {
      token = tokenFor(name);
      result.rerender(view(name, manage));
    },
  };
}

/** The titles of the notes on screen, in order. */
export const titles = () => screen.queryAllByTestId('note').map((n) => within(n).queryByRole('heading')?.textContent);

/** The stream's state as the status shows it (`live`, `reconnecting`, …). */
export const liveState = () => screen.queryByTestId('live-status')?.dataset['state'];

/** Resolves once the page's stream is open. */
export const untilLive = () => waitFor(() => expect(liveState()).toBe('live'));
