import './globals.css';

import { ClerkProvider } from '@clerk/nextjs';
import { auth } from '@clerk/nextjs/server';
import { GeistMono } from 'geist/font/mono';
import { GeistSans } from 'geist/font/sans';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';

import { AuthStateSync } from '../components/auth-state-sync';
import { SiteHeader } from '../components/site-header';
import { ClerkUserSync } from '../profile/clerk-user-sync';
import { serverEnv } from '../server-env';
import { TRPCReactProvider } from '../trpc/react';

export const metadata: Metadata = {
  title: 'stack',
  description: 'Next.js + Clerk + tRPC + NestJS, typed end to end',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { userId } = await auth();
  return (
    // `dynamic`: Clerk renders its script tags with this response's CSP nonce (X-Nonce), and the
    // first HTML carries the auth state the proxy saw.
    <ClerkProvider telemetry={false} dynamic>
      <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
        <body>
          <TRPCReactProvider apiUrl={serverEnv().browserApiUrl} timeoutMs={serverEnv().browserApiTimeoutMs}>
            <ClerkUserSync>
              <AuthStateSync serverUserId={userId} />
              <SiteHeader />
              <main>{children}</main>
            </ClerkUserSync>
          </TRPCReactProvider>
        </body>
      </html>
    </ClerkProvider>
  );
}
