'use client';

import { useUser } from '@clerk/nextjs';
import { createContext, type ReactNode, useContext } from 'react';

/**
 * How to tell Clerk's browser state that the profile changed behind its back (the API wrote the
 * name through Clerk's Backend API): `<UserButton/>` reads clerk-js's cached user, which is stale
 * until reloaded. A no-op without Clerk (component tests).
 */
const ReloadClerkUser = createContext<() => Promise<unknown>>(() => Promise.resolve());

export const useReloadClerkUser = () => useContext(ReloadClerkUser);

/** Provides `user.reload()` of the signed-in Clerk user; must sit inside `<ClerkProvider>`. */
export function ClerkUserSync({ children }: { children: ReactNode }) {
  const { user } = useUser();
  return (
    <ReloadClerkUser.Provider value={() => user?.reload() ?? Promise.resolve()}>{children}</ReloadClerkUser.Provider>
  );
}
