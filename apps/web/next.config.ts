import path from 'node:path';

import type { NextConfig } from 'next';

const workspaceRoot = path.resolve(import.meta.dirname, '../..');

export const nextConfig: NextConfig = {
  poweredByHeader: false,
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

// Next loads the config's default export.
export default nextConfig;
