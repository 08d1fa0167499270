import {
  createTRPCClient,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
  type TRPCClientError,
} from '@trpc/client';
import { EventSource } from 'eventsource';

import type { AppRouter } from '@stack/api';
import type { NoteChange } from '@stack/contracts';
import { Conditions } from '@stack/test-kit';

export interface LiveClientOptions {
  /**
   * The API's origin for each connect (and each query or mutation): one instance, or a function
   * standing in for a load balancer.
   */
  origin: () => string;
  /** The session token, read on every connect. */
  token: () => string | Promise<string>;
}

/** How often the client connected its EventSource (each connect asks for the token again). */
export interface LiveClient {
  trpc: TRPCClient<AppRouter>;
  connects(): number;
}

/**
 * A typed client as an app would hold one: subscriptions over the `eventsource` ponyfill, whose
 * `fetch` runs on every connect (its own reconnects included) and adds a fresh Bearer token and
 * the origin of the moment; queries and mutations over httpLink. No token ever goes in a URL.
 */
export function liveClient({ origin, token }: LiveClientOptions): LiveClient {
  let connects = 0;
  const rebase = (url: string) => {
    const parsed = new URL(url);
    return `${origin()}${parsed.pathname}${parsed.search}`;
  };
  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: 'http://api.invalid/trpc',
          EventSource,
          eventSourceOptions: () => ({
            fetch: async (url: string | URL, init?: RequestInit) => {
              connects++;
              const headers = {
                ...(init?.headers as Record<string, string>),
                authorization: `Bearer ${await token()}`,
              };
              return fetch(rebase(String(url)), { ...init, headers });
            },
          }),
        }),
        false: httpLink({
          url: 'http://api.invalid/trpc',
          fetch: async (url, init) => fetch(rebase(String(url)), init),
          headers: async () => ({ authorization: `Bearer ${await token()}` }),
        }),
      }),
    ],
  });
  return { trpc, connects: () => connects };
}

export interface ReceivedChange {
  id: string;
  data: NoteChange;
  /** `performance.now()` when it arrived. */
  at: number;
}

/** A `note.changes` subscription of a LiveClient, observed: events, connection states, how it ended. */
export class LiveChanges {
  readonly events: ReceivedChange[] = [];
  /** Every connection state the link reported, in order (`connecting`, `pending`, `idle`). */
  readonly states: string[] = [];
  /** Errors of the `connecting` states (retryable ones the link reconnects after). */
  readonly transientErrors: string[] = [];
  error: TRPCClientError<AppRouter> | null = null;
  private readonly conditions = new Conditions(
    () => `${this.events.length} events, states ${this.states.join('>')}, error ${this.error?.data?.code ?? 'none'}`,
  );
  private readonly subscription: { unsubscribe(): void };

  constructor(client: LiveClient, input: { lastEventId?: string } = {}) {
    this.subscription = client.trpc.note.changes.subscribe(input, {
      onData: (event) => {
        this.events.push({ ...event, at: performance.now() });
        this.conditions.changed();
      },
      onConnectionStateChange: (state) => {
        this.states.push(state.state);
        if (state.error) this.transientErrors.push(String(state.error.data?.code ?? state.error.message));
        this.conditions.changed();
      },
      onError: (error) => {
        this.error = error;
        this.conditions.changed();
      },
    });
  }

  /** Resolves once the stream is open (the server has followed the scope). */
  open(timeoutMs?: number): Promise<void> {
    return this.conditions.until(() => this.states.includes('pending'), 'the stream to open', timeoutMs);
  }

  count(n: number, timeoutMs?: number): Promise<ReceivedChange[]> {
    return this.conditions.until(() => this.events.length >= n, `${n} events`, timeoutMs).then(() => this.events);
  }

  until(condition: (changes: this) => boolean, what: string, timeoutMs?: number): Promise<void> {
    return this.conditions.until(() => condition(this), what, timeoutMs);
  }

  failure(timeoutMs?: number): Promise<TRPCClientError<AppRouter>> {
    return this.conditions
      .until(() => this.error !== null, 'the subscription to fail', timeoutMs)
      .then(() => this.error!);
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}
