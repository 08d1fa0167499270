/** Finds the PEM public key that verifies tokens with a given `kid`. */
export interface KeySource {
  /** Throws SessionRejectedError for a kid no key matches; ServiceUnavailableError when no key can be had. */
  keyFor(kid: unknown): Promise<string>;
  /** True when tokens can be verified now (for readiness checks); may fetch keys, within its own bounds. */
  available(): Promise<boolean>;
}

/** `CLERK_JWT_KEY` mode: one key given at boot, no network at all (recommended for production). */
export class StaticKeySource implements KeySource {
  constructor(private readonly pem: string) {}
  keyFor(): Promise<string> {
    return Promise.resolve(this.pem);
  }
  available(): Promise<boolean> {
    return Promise.resolve(true);
  }
}
