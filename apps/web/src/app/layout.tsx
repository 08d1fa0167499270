import './globals.css';

import { ClerkProvider } from '@clerk/nextjs';
import { auth } from '@clerk/nextjs/server';
import { GeistMono } from 'geist/font/mono';
import { GeistSans } from 'geist/font/sans';
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';

import { AuthStateSync } from '../components/auth-state-sync';
import { SiteHeader } from '../components/site-header';
import { ClerkUserSync } from '../profile/clerk-user-sync';
import { serverEnv } from '../server-env';
import { ClockProvider } from '../time/clock';
import { requestClock } from '../time/request-clock';
import { TRPCReactProvider } from '../trpc/react';
import { clerkAppearance } from './clerk-appearance';

export const metadata: Metadata = {
  title: { default: 'stack', template: '%s · stack' },
  description: 'Notes for your team: Next.js + Clerk + tRPC + NestJS, typed end to end',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#17171a' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { userId } = await auth();
  const env = serverEnv();
  const clock = await requestClock();
  return (
    // `dynamic`: Clerk renders its script tags with this response's CSP nonce (X-Nonce), and the
    // first HTML carries the auth state the proxy saw.
    <ClerkProvider telemetry={false} dynamic appearance={clerkAppearance}>
      <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
        <body className="min-h-dvh">
          <a
            href="#main"
            className="sr-only rounded-lg bg-surface px-4 py-2 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
          >
            Skip to content
          </a>
          <TRPCReactProvider apiUrl={env.browserApiUrl} timeoutMs={env.browserApiTimeoutMs}>
            <ClerkUserSync>
              <ClockProvider serverNow={clock.now} locale={clock.locale}>
                <AuthStateSync serverUserId={userId} />
                <SiteHeader />
                <main id="main" className="mx-auto grid w-full max-w-3xl gap-5 px-4 py-6 sm:py-10">
                  {children}
                </main>
              </ClockProvider>
            </ClerkUserSync>
          </TRPCReactProvider>
        </body>
      </html>
    </ClerkProvider>
  );
}
