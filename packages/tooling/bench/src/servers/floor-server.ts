// Contender 1, the floor: tRPC's own standalone adapter on node:http answering a public procedure
// that returns a profile-shaped object. No NestJS, no auth: the least work a tRPC call can cost.
import { initTRPC } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';

import { listenFromEnv } from './listen-from-env.js';

// Same settings as the app's router (packages/api/src/trpc.ts): no transformer, isDev off.
const t = initTRPC.create({ isDev: false });

const profile = {
  id: 'user_floor0000000000000000000',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  imageUrl: 'https://img.clerk.com/default.png',
  username: null,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
};

const router = t.router({
  health: t.procedure.query(() => ({ status: 'ok' as const })),
  profile: t.router({ me: t.procedure.query(() => profile) }),
});

listenFromEnv(createHTTPServer({ router, basePath: '/trpc/' }));
