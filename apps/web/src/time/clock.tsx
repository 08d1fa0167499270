'use client';

import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';

import type { TimeContext } from './relative-time';

/** What the server rendered with: the same values must render during hydration. */
const ServerClock = createContext<{ now: number; locale: string } | null>(null);

/**
 * The server's clock and the reader's language (from Accept-Language) for the first render. The
 * server does not know the reader's time zone, so that render uses UTC; once hydrated, times use
 * the browser's own locale, time zone and clock, which then ticks every half minute.
 */
export function ClockProvider({
  serverNow,
  locale,
  children,
}: {
  serverNow: number;
  locale: string;
  children: ReactNode;
}) {
  return <ServerClock.Provider value={{ now: serverNow, locale }}>{children}</ServerClock.Provider>;
}

let latest = Date.now();
const listeners = new Set<() => void>();
let ticker: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  latest = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  ticker ??= setInterval(tick, 30_000);
  // The module's clock may be old (loaded long before this page): bring it up to date for everyone.
  if (Date.now() - latest > 5_000) queueMicrotask(tick);
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    clearInterval(ticker);
    ticker = undefined;
  };
}

const noSubscription = () => () => undefined;

/** The time context to show times in (see ClockProvider). */
export function useClock(): TimeContext {
  const server = useContext(ServerClock);
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const now = useSyncExternalStore(
    subscribe,
    () => latest,
    () => server?.now ?? latest,
  );
  if (!hydrated && server) return { now: server.now, locale: server.locale, timeZone: 'UTC' };
  return { now };
}
