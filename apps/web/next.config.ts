import { existsSync } from 'node:fs';
import path from 'node:path';

import type { NextConfig } from 'next';
import { PHASE_PRODUCTION_BUILD } from 'next/constants';

import { frontendApiHostOf, readClerkBuildEnv } from './src/config/clerk-build-env';
import { WebConfigError } from './src/config/config-error';

const workspaceRoot = path.resolve(import.meta.dirname, '../..');

// Real Clerk keys for local work live in the workspace's `.env.local` (git-ignored), which `pnpm dev`
// reads too; variables already in the environment win.
const localEnv = path.join(workspaceRoot, '.env.local');
if (existsSync(localEnv)) process.loadEnvFile(localEnv);

export const nextConfig: NextConfig = {
  poweredByHeader: false,
  // A self-contained server (`.next/standalone/apps/web/server.js` with the node_modules it needs):
  // what `pnpm start` runs and `pnpm bundle` ships.
  output: 'standalone',
  // The workspace root holds the lockfile; tell Next so it does not guess.
  outputFileTracingRoot: workspaceRoot,
  turbopack: { root: workspaceRoot },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

/**
 * Next loads the config's default export. The Clerk publishable key (and the Frontend API proxy
 * URL) are inlined into the app when it is built: a build without them, or with a malformed one,
 * stops here naming the variable rather than producing an app that cannot sign anyone in.
 */
export default function config(phase: string): NextConfig {
  const clerk = clerkBuildEnvOrExit();
  // Once per build (Next evaluates this file in more than one process).
  if (phase === PHASE_PRODUCTION_BUILD && !process.env.STACK_CLERK_BUILD_LOGGED) {
    process.env.STACK_CLERK_BUILD_LOGGED = '1';
    const via = clerk.NEXT_PUBLIC_CLERK_PROXY_URL ? ` through ${clerk.NEXT_PUBLIC_CLERK_PROXY_URL}` : ' directly';
    console.log(
      `Clerk: building for ${frontendApiHostOf(clerk.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY)}${via} (NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY)`,
    );
  }
  return nextConfig;
}

function clerkBuildEnvOrExit() {
  try {
    return readClerkBuildEnv(
      process.env,
      'The web app needs its Clerk settings when it is built (they are inlined into its JavaScript); ' +
        'set them in the environment or in .env.local, or run `pnpm build:emulator` to build against the local Clerk emulator',
    );
  } catch (error) {
    if (!(error instanceof WebConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
