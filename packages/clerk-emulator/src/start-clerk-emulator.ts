import { createRequestHandler } from './bapi/handle-request.js';
import type { BapiDeps } from './bapi/deps.js';
import { RouteCounter } from './bapi/route-stats.js';
import { Router } from './bapi/router.js';
import { jwksRoutes } from './bapi/routes/jwks.js';
import { sessionRoutes } from './bapi/routes/sessions.js';
import { userRoutes } from './bapi/routes/users.js';
import type { ClerkEmulator } from './clerk-emulator.js';
import { FaultTable } from './faults/fault-injector.js';
import { listen } from './http/http-server.js';
import { createEphemeralIdentity, loadOrCreateIdentity, saveIdentity, type InstanceIdentity } from './keys/instance-file.js';
import { generateInstanceKey } from './keys/instance-key.js';
import { publishableKeyFor } from './keys/publishable-key.js';
import { resolveOptions, type ClerkEmulatorOptions } from './options.js';
import { seedUsers } from './seed/apply-seed.js';
import { SessionStore } from './store/session-store.js';
import { UserStore } from './store/user-store.js';
import { mintSessionToken, signWithInstanceKey, type MintContext } from './tokens/mint-session-token.js';

export async function startClerkEmulator(options: ClerkEmulatorOptions = {}): Promise<ClerkEmulator> {
  const config = resolveOptions(options);
  const identity: InstanceIdentity = config.keyFile ? await loadOrCreateIdentity(config.keyFile) : await createEphemeralIdentity();
  const users = new UserStore();
  const sessions = new SessionStore();
  await seedUsers(users, config.seed);

  const issuer = `https://${config.frontendApiHost}`;
  const mint: MintContext = { issuer, defaultLifetimeSeconds: config.tokenLifetimeSeconds, users, sessions, currentKey: () => identity.key };
  const deps: BapiDeps = { users, sessions, mint, jwks: () => [identity.key.jwk] };
  const stats = new RouteCounter();
  const faults = new FaultTable();
  const lifetime = new AbortController();
  const router = new Router([...jwksRoutes(deps), ...userRoutes(deps), ...sessionRoutes(deps)]);
  const handler = createRequestHandler({ router, stats, faults, secretKey: () => identity.secretKey, latencyMs: config.latencyMs, signal: lifetime.signal });
  const server = await listen(handler, config.host, config.port);

  return {
    url: server.url,
    secretKey: identity.secretKey,
    publishableKey: publishableKeyFor(config.frontendApiHost),
    issuer,
    frontendApiHost: config.frontendApiHost,
    // Getters: these follow rotateKey().
    get publicKeyPem() {
      return identity.key.publicKeyPem;
    },
    get kid() {
      return identity.key.kid;
    },
    users,
    stats,
    faults,
    createSession(userId) {
      if (!users.get(userId)) throw new Error(`createSession: no user with id ${userId}`);
      return sessions.create(userId);
    },
    getSession: (sessionId) => sessions.get(sessionId),
    revokeSession: (sessionId) => sessions.end(sessionId, 'revoked'),
    mintSessionToken: async (mintOptions) => mintSessionToken(mint, mintOptions),
    signJwt: async (payload, header) => signWithInstanceKey(mint, payload, header),
    async rotateKey() {
      const next = { ...identity, key: await generateInstanceKey() };
      // Persist first: if writing fails, the running instance keeps the key that is on disk.
      if (config.keyFile) await saveIdentity(config.keyFile, next);
      identity.key = next.key;
    },
    async close() {
      lifetime.abort();
      await server.close();
    },
  };
}
