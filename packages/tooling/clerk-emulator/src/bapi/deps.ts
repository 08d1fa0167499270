import type { PublicJwk } from '../keys/instance-key.js';
import type { OrganizationStore } from '../store/orgs/organization-store.js';
import type { SessionStore } from '../store/session-store.js';
import type { UserStore } from '../store/user-store.js';
import type { MintContext } from '../tokens/mint-session-token.js';

/** What the Backend API routes need from the emulator. */
export interface BapiDeps {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly orgs: OrganizationStore;
  readonly mint: MintContext;
  /** Keys currently served by /v1/jwks (only the active key: rotation drops the old one). */
  jwks(): PublicJwk[];
  /** The emulator's own avatar URL, served for users without an image (never Clerk's CDN). */
  defaultImageUrl(): string;
  /** Seconds left on the user's sign-in lockout, undefined when not locked. */
  lockedForSeconds(userId: string): number | undefined;
}
