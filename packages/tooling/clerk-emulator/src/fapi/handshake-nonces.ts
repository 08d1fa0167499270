import { randomBytes } from 'node:crypto';

// A handshake round-trip takes one redirect; a minute is plenty and bounds what a leaked nonce is worth.
const NONCE_TTL_MS = 60_000;
const MAX_PENDING = 1_000;

/**
 * Handshake payloads waiting for the app's backend (`GET /v1/clients/handshake_payload?nonce=`).
 * Single use: the nonce cookie is cleared by the directives it unlocks.
 */
export class HandshakeNonces {
  readonly #pending = new Map<string, { directives: string[]; expiresAt: number }>();

  issue(directives: string[]): string {
    this.#prune();
    const nonce = randomBytes(24).toString('base64url');
    this.#pending.set(nonce, { directives: [...directives], expiresAt: Date.now() + NONCE_TTL_MS });
    return nonce;
  }

  take(nonce: string): string[] | undefined {
    const entry = this.#pending.get(nonce);
    this.#pending.delete(nonce);
    return entry && entry.expiresAt > Date.now() ? entry.directives : undefined;
  }

  #prune(): void {
    const now = Date.now();
    for (const [nonce, entry] of this.#pending) if (entry.expiresAt <= now) this.#pending.delete(nonce);
    // Still full of live nonces (a request loop): drop the oldest; Map iterates in insertion order.
    while (this.#pending.size >= MAX_PENDING) this.#pending.delete(this.#pending.keys().next().value!);
  }
}
