import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { getCookieSuffix } from '@clerk/shared/keys';

import type { BapiDeps } from './bapi/deps.js';
import { createRequestHandler } from './bapi/handle-request.js';
import { RouteCounter } from './bapi/route-stats.js';
import { Router } from './bapi/router.js';
import { handshakeRoutes as bapiHandshakeRoutes } from './bapi/routes/handshake-payload.js';
import { jwksRoutes } from './bapi/routes/jwks.js';
import { organizationRoutes } from './bapi/routes/organizations.js';
import { sessionRoutes } from './bapi/routes/sessions.js';
import { userRoutes } from './bapi/routes/users.js';
import { toUserJson } from './bapi/serialize/user-json.js';
import type { ClerkEmulator } from './clerk-emulator.js';
import { createDispatcher } from './dispatch.js';
import { AllowedOrigins } from './fapi/allowed-origins.js';
import type { FapiDeps } from './fapi/deps.js';
import { createFapiHandler } from './fapi/handle-request.js';
import { HandshakeNonces } from './fapi/handshake-nonces.js';
import { fapiRoutes } from './fapi/routes/index.js';
import { SignInLockout } from './fapi/sign-in-lockout.js';
import { AVATAR_PATH } from './fapi/view.js';
import { FaultTable } from './faults/fault-injector.js';
import { listen } from './http/http-server.js';
import {
  createEphemeralIdentity,
  type InstanceIdentity,
  loadOrCreateIdentity,
  saveIdentity,
} from './keys/instance-file.js';
import { generateInstanceKey } from './keys/instance-key.js';
import { publishableKeyFor } from './keys/publishable-key.js';
import { type ClerkEmulatorOptions, resolveOptions } from './options.js';
import { applySeed } from './seed/apply-seed.js';
import { ClerkScripts } from './static/clerk-scripts.js';
import { sendPlayground } from './static/playground.js';
import { ClientStore } from './store/client-store.js';
import { openSession } from './store/open-session.js';
import { OrganizationStore } from './store/orgs/organization-store.js';
import { SessionStore } from './store/session-store.js';
import { StoreFile } from './store/store-file.js';
import { UserStore } from './store/user-store.js';
import { type MintContext, mintSessionToken, signWithInstanceKey } from './tokens/mint-session-token.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import { subscribeWebhookEvents } from './webhooks/webhook-events.js';
import { sendWebhookLog } from './webhooks/webhook-log-route.js';

// Accounts with failed sign-in attempts tracked at once (the lockout's memory bound).
const LOCKOUT_MAX_TRACKED = 10_000;

const logUnexpected = (error: unknown) =>
  console.error('clerk-emulator: unexpected error:', error instanceof Error ? error.message : error);

export async function startClerkEmulator(options: ClerkEmulatorOptions = {}): Promise<ClerkEmulator> {
  const config = resolveOptions(options);
  const identity: InstanceIdentity = config.keyFile
    ? await loadOrCreateIdentity(config.keyFile)
    : await createEphemeralIdentity();
  const users = new UserStore();
  const sessions = new SessionStore();
  const clients = new ClientStore();
  const orgs = new OrganizationStore();
  const storeFile = config.storeFile
    ? new StoreFile(config.storeFile, { users, sessions, clients, organizations: orgs })
    : undefined;
  await storeFile?.load();
  await applySeed(users, orgs, config.seed);

  const issuer = `https://${config.frontendApiHost}`;
  const publishableKey = publishableKeyFor(config.frontendApiHost);
  const mint: MintContext = {
    issuer,
    defaultLifetimeSeconds: config.tokenLifetimeSeconds,
    users,
    sessions,
    orgs,
    currentKey: () => identity.key,
  };
  const handshakes = new HandshakeNonces();
  // The emulator's own URL is known once it listens; until then nothing is served.
  let ownUrl = '';
  const webhooks = new WebhookDispatcher({
    secret: config.webhooks.secret ?? identity.webhookSecret,
    instanceId: instanceIdOf(identity.secretKey),
    endpoints: config.webhooks.endpoints,
    retrySchedule: config.webhooks.retrySchedule,
    timeoutMs: config.webhooks.timeoutMs,
    onAttempt: config.webhooks.onAttempt,
  });
  const lockout = new SignInLockout({
    maxAttempts: config.lockoutMaxAttempts,
    durationSeconds: config.lockoutDurationSeconds,
    maxTracked: LOCKOUT_MAX_TRACKED,
  });
  const bapiDeps: BapiDeps = {
    users,
    sessions,
    orgs,
    mint,
    jwks: () => [identity.key.jwk],
    defaultImageUrl: () => ownUrl + AVATAR_PATH,
    lockedForSeconds: (userId) => lockout.lockedForSeconds(userId),
  };
  const origins = new AllowedOrigins(config.allowedOrigins, () => identity.secretKey);
  const fapiDeps: FapiDeps = {
    users,
    sessions,
    orgs,
    clients,
    mint,
    handshakes,
    origins,
    lockout,
    config: {
      publishableKey,
      cookieSuffix: await getCookieSuffix(publishableKey),
      verificationCode: config.verificationCode,
      applicationName: config.applicationName,
    },
    onVerificationCode: config.onVerificationCode,
  };
  const stats = new RouteCounter();
  const faults = new FaultTable();
  const scripts = new ClerkScripts();
  const lifetime = new AbortController();
  const router = new Router([
    ...jwksRoutes(bapiDeps),
    ...userRoutes(bapiDeps),
    ...sessionRoutes(bapiDeps),
    ...organizationRoutes(bapiDeps),
    ...bapiHandshakeRoutes(handshakes),
  ]);
  const bapi = createRequestHandler({
    router,
    stats,
    faults,
    secretKey: () => identity.secretKey,
    latencyMs: config.latencyMs,
    signal: lifetime.signal,
    onError: logUnexpected,
  });
  const fapi = createFapiHandler(fapiDeps, fapiRoutes(), logUnexpected);
  const playground = (req: IncomingMessage, res: ServerResponse) =>
    sendPlayground(req, res, publishableKey, scripts.packages);
  const dispatch = createDispatcher({
    scripts,
    fapi,
    bapi,
    playground,
    webhookLog: (req, res) => sendWebhookLog(req, res, webhooks),
    onFinish: () => storeFile?.schedule(),
    onError: logUnexpected,
  });
  const server = await listen(dispatch, config.host, config.port);
  ownUrl = server.url;
  // After the seed: the seed is the instance's starting state, not a change to report.
  const stopEvents = subscribeWebhookEvents(
    {
      users,
      orgs,
      sessions,
      userJson: (user) => toUserJson(user, bapiDeps.defaultImageUrl(), lockout.lockedForSeconds(user.id)),
    },
    (type, data) => webhooks.publish(type, data),
  );
  origins.addOwn(server.url);
  // Bound to loopback, the same server is also http://localhost:<port> to a browser.
  if (/^http:\/\/(127\.0\.0\.1|\[::1\]):/.test(server.url)) origins.addOwn(`http://localhost:${server.port}`);

  return {
    url: server.url,
    secretKey: identity.secretKey,
    publishableKey,
    issuer,
    frontendApiHost: config.frontendApiHost,
    verificationCode: config.verificationCode,
    // Getters: these follow rotateKey().
    get publicKeyPem() {
      return identity.key.publicKeyPem;
    },
    get kid() {
      return identity.key.kid;
    },
    users,
    organizations: orgs,
    clients,
    stats,
    get allowedOrigins() {
      return origins.configured;
    },
    allowOrigin: (origin) => origins.add(origin),
    faults,
    scripts: {
      packages: scripts.packages.map(({ name, version }) => ({ name: `@clerk/${name}`, version })),
      get missing() {
        return scripts.missing;
      },
    },
    createSession(userId) {
      if (!users.get(userId)) throw new Error(`createSession: no user with id ${userId}`);
      return openSession({ users, sessions, orgs }, userId);
    },
    getSession: (sessionId) => sessions.get(sessionId),
    listSessions: () => sessions.list(),
    revokeSession: (sessionId) => sessions.end(sessionId, 'revoked'),
    mintSessionToken: async (mintOptions) => mintSessionToken(mint, mintOptions),
    signJwt: async (payload, header) => signWithInstanceKey(mint, payload, header),
    async rotateKey() {
      const next = { ...identity, key: await generateInstanceKey() };
      // Persist first: if writing fails, the running instance keeps the key that is on disk.
      if (config.keyFile) await saveIdentity(config.keyFile, next);
      identity.key = next.key;
    },
    flush: async () => storeFile?.flush(),
    webhooks,
    async close() {
      stopEvents();
      webhooks.close();
      lifetime.abort();
      await server.close();
      await storeFile?.flush();
    },
  };
}

/** A stable `ins_…` for the webhook envelope: derived from the persisted secret key, not the rotating signing key. */
function instanceIdOf(secretKey: string): string {
  return 'ins_' + createHash('sha256').update(secretKey).digest('base64url').slice(0, 27);
}
