import './globals.css';

import { ClerkProvider } from '@clerk/nextjs';
import { GeistMono } from 'geist/font/mono';
import { GeistSans } from 'geist/font/sans';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';

import { SiteHeader } from '../components/site-header';
import { ClerkUserSync } from '../profile/clerk-user-sync';
import { serverEnv } from '../server-env';
import { TRPCReactProvider } from '../trpc/react';

export const metadata: Metadata = {
  title: 'stack',
  description: 'Next.js + Clerk + tRPC + NestJS, typed end to end',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <ClerkProvider telemetry={false}>
      <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
        <body>
          <TRPCReactProvider apiUrl={serverEnv.browserApiUrl} timeoutMs={serverEnv.browserApiTimeoutMs}>
            <ClerkUserSync>
              <SiteHeader />
              <main>{children}</main>
            </ClerkUserSync>
          </TRPCReactProvider>
        </body>
      </html>
    </ClerkProvider>
  );
}
