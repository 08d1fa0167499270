import type { JsonObject } from '../util/json.js';

/** Clerk's verification states (`expired` is derived from `expireAt` when read). */
type VerificationStatus = 'unverified' | 'verified' | 'failed';

/** One factor being verified: a password attempt or an emailed code. Times are epoch ms. */
export interface FactorVerification {
  readonly strategy: 'password' | 'email_code';
  readonly status: VerificationStatus;
  readonly attempts: number;
  readonly expireAt: number | null;
}

/** A sign-in in progress on one client (Clerk's SignIn resource). */
export interface SignInAttempt {
  readonly id: string;
  readonly status: 'needs_identifier' | 'needs_first_factor' | 'complete';
  readonly identifier: string | null;
  readonly userId: string | null;
  readonly firstFactor: FactorVerification | null;
  readonly createdSessionId: string | null;
  readonly createdAt: number;
  readonly abandonAt: number;
}

/** A sign-up in progress. The password is kept only as its scrypt hash. */
export interface SignUpAttempt {
  readonly id: string;
  readonly status: 'missing_requirements' | 'complete';
  readonly emailAddress: string | null;
  readonly passwordHash: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly unsafeMetadata: JsonObject;
  /** null until `prepare_verification` sent a code. */
  readonly emailVerification: FactorVerification | null;
  readonly createdUserId: string | null;
  readonly createdSessionId: string | null;
  readonly createdAt: number;
  readonly abandonAt: number;
}

/** A browser, identified by the HttpOnly `__client` cookie (Clerk's Client resource). */
export interface EmulatedClient {
  readonly id: string;
  /** sha256 (hex) of the `__client` cookie value; the value itself is never stored. */
  readonly tokenHash: string;
  /** Sessions created on this client, oldest first (ended ones included until pruned). */
  readonly sessionIds: readonly string[];
  readonly lastActiveSessionId: string | null;
  readonly signIn: SignInAttempt | null;
  readonly signUp: SignUpAttempt | null;
  /** Epoch seconds of the last sign-in or sign-out: `__client_uat` while a session is active. */
  readonly authChangedAt: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}
