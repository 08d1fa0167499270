export { issuerFromPublishableKey } from './session/issuer.js';
export { SessionVerifier, type SessionVerifierOptions } from './session/session-verifier.js';
export { SessionRejectedError } from './session/rejection.js';
export { checkTokenShape, MAX_TOKEN_LENGTH } from './session/token-shape.js';
export { StaticKeySource, type KeySource } from './keys/key-source.js';
export { JwksKeySource, type JwksKeySourceOptions } from './keys/jwks-key-source.js';
export { RequestAuthenticator, type RequestAuthentication } from './request/request-authenticator.js';
export { extractSessionToken, type ExtractedToken, type Transport } from './request/session-token.js';
export { isCrossSiteCookieWrite } from './request/csrf.js';
export type { RequestLike } from './request/request-like.js';
export {
  ClerkUserDirectory,
  RateLimitedError,
  toProfile,
  type ClerkUserDirectoryOptions,
} from './users/clerk-user-directory.js';
export { CachedUserDirectory, type CachedUserDirectoryOptions } from './users/cached-user-directory.js';
export {
  CircuitBreaker,
  CircuitOpenError,
  type CircuitBreakerOptions,
  type CircuitState,
} from './users/circuit-breaker.js';
export { createResilientUserDirectory, type ResilientUserDirectoryOptions } from './users/resilient-user-directory.js';
