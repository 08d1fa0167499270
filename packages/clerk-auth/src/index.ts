export { JwksKeySource, type JwksKeySourceOptions } from './keys/jwks-key-source.js';
export { CLERK_JWT_KEY_EXPECTED, isClerkJwtPublicKey, normalizePem } from './keys/jwt-public-key.js';
export { type KeySource, StaticKeySource } from './keys/key-source.js';
export { isCrossSiteCookieWrite } from './request/csrf.js';
export { type RequestAuthentication, RequestAuthenticator } from './request/request-authenticator.js';
export type { RequestLike } from './request/request-like.js';
export { type ExtractedToken, extractSessionToken, type Transport } from './request/session-token.js';
export type { RevocationListener } from './revocation/revocation-facts.js';
export { type RevocationCheck, RevocationList, type RevocationListOptions } from './revocation/revocation-list.js';
export { issuerFromPublishableKey } from './session/issuer.js';
export { SessionRejectedError } from './session/rejection.js';
export { SessionVerifier, type SessionVerifierOptions, type VerifiedSession } from './session/session-verifier.js';
export { checkTokenShape, MAX_TOKEN_LENGTH } from './session/token-shape.js';
export { CachedUserDirectory, type CachedUserDirectoryOptions } from './users/cached-user-directory.js';
export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  CircuitOpenError,
  type CircuitState,
} from './users/circuit-breaker.js';
export {
  type BackendApiOutcome,
  ClerkUserDirectory,
  type ClerkUserDirectoryOptions,
  RateLimitedError,
  toProfile,
} from './users/clerk-user-directory.js';
export { createResilientUserDirectory, type ResilientUserDirectoryOptions } from './users/resilient-user-directory.js';
