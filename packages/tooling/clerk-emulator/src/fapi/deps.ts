import type { ClientStore } from '../store/client-store.js';
import type { OrganizationStore } from '../store/orgs/organization-store.js';
import type { SessionStore } from '../store/session-store.js';
import type { UserStore } from '../store/user-store.js';
import type { MintContext } from '../tokens/mint-session-token.js';
import type { AllowedOrigins } from './allowed-origins.js';
import type { HandshakeNonces } from './handshake-nonces.js';
import type { SignInLockout } from './sign-in-lockout.js';

interface FapiConfig {
  readonly publishableKey: string;
  /** base64url(sha1(pk)).slice(0, 8): the suffix of `__client_uat_<suffix>` / `__session_<suffix>`. */
  readonly cookieSuffix: string;
  /** The fixed development code that verifies any email (documented; default 424242). */
  readonly verificationCode: string;
  readonly applicationName: string;
}

/** What the Frontend API routes need from the emulator. */
export interface FapiDeps {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly orgs: OrganizationStore;
  readonly clients: ClientStore;
  readonly mint: MintContext;
  readonly handshakes: HandshakeNonces;
  /** Web origins that may send state-changing requests and receive redirects. */
  readonly origins: AllowedOrigins;
  /** Failed sign-in attempts per account (Clerk's user lockout). */
  readonly lockout: SignInLockout;
  readonly config: FapiConfig;
  /** Called when a code is "emailed" (the CLI prints it; there is no mail). */
  readonly onVerificationCode: (emailAddress: string, code: string) => void;
}
