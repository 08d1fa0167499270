import type { EmulatedClient } from '../store/client-types.js';
import type { EmulatedSession } from '../store/session-store.js';
import type { FapiDeps } from './deps.js';
import { fapiErrors } from './errors.js';
import type { FormFields } from './form-fields.js';
import { createView, type FapiView } from './view.js';

export interface FapiRequestInfo {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly form: FormFields;
  /** The web app's origin (azp of minted tokens), when the request reveals it. */
  readonly appOrigin: string | undefined;
  readonly secure: boolean;
  /** Where the browser reaches the emulator: the app's proxy URL, or the emulator's own origin. */
  readonly publicBase: string;
  /** Whether a web origin may receive a redirect from this request (see AllowedOrigins). */
  allowsOrigin(origin: string): boolean;
}

/**
 * One Frontend API request: the request data plus the client it acts on. A handler reads
 * `client`, builds the next client record and `commit`s it as its last step, so a request
 * that throws leaves the stored client untouched.
 */
export class FapiContext {
  readonly deps: FapiDeps;
  readonly request: FapiRequestInfo;
  readonly view: FapiView;
  #client: EmulatedClient | undefined;
  #draftToken: string | undefined;
  #issuedToken: string | undefined;
  #destroyed = false;

  constructor(deps: FapiDeps, request: FapiRequestInfo, client: EmulatedClient | undefined) {
    this.deps = deps;
    this.request = request;
    this.view = createView(deps.users, deps.orgs, request.publicBase);
    this.#client = client;
  }

  get client(): EmulatedClient | undefined {
    return this.#client;
  }

  /** The `__client` cookie value to send, when this request created the client. */
  get issuedClientToken(): string | undefined {
    return this.#issuedToken;
  }

  /** True when this request destroyed the client (its cookie must be cleared). */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** The client, or a new unsaved one (stored by `commit`). */
  clientOrDraft(): EmulatedClient {
    if (this.#client) return this.#client;
    const { client, token } = this.deps.clients.draft();
    this.#client = client;
    this.#draftToken = token;
    return client;
  }

  requireClient(): EmulatedClient {
    if (!this.#client || this.#draftToken !== undefined) throw fapiErrors.notFound('client');
    return this.#client;
  }

  commit(next: EmulatedClient): EmulatedClient {
    this.#client = this.deps.clients.put(next);
    if (this.#draftToken !== undefined) {
      this.#issuedToken = this.#draftToken;
      this.#draftToken = undefined;
    }
    return this.#client;
  }

  destroyClient(): void {
    if (this.#client && this.#draftToken === undefined) this.deps.clients.delete(this.#client.id);
    this.#client = undefined;
    this.#draftToken = undefined;
    this.#destroyed = true;
  }

  /** Active sessions of the client, oldest first. */
  activeSessions(): EmulatedSession[] {
    const client = this.#client;
    if (!client) return [];
    return client.sessionIds
      .map((id) => this.deps.sessions.getActive(id))
      .filter((s): s is EmulatedSession => s !== undefined);
  }

  /** An active session of this client, or 404 (unknown / another client's) / 401 (ended). */
  requireClientSession(sessionId: string): EmulatedSession {
    const client = this.#client;
    if (!client || !client.sessionIds.includes(sessionId)) throw fapiErrors.notFound('session');
    const session = this.deps.sessions.getActive(sessionId);
    if (!session) throw fapiErrors.signedOut();
    return session;
  }

  /** The session `/me` acts for: `_clerk_session_id`, else the client's last active session. */
  currentSession(): EmulatedSession {
    const requested = this.request.query.get('_clerk_session_id') ?? this.#client?.lastActiveSessionId ?? undefined;
    if (!requested) throw fapiErrors.signedOut();
    return this.requireClientSession(requested);
  }
}
