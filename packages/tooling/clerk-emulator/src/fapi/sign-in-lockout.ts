export interface LockoutOptions {
  /** Failed attempts that lock the account (Clerk's default for new instances: 10). */
  maxAttempts: number;
  /** How long the account stays locked (Clerk's default: one hour). */
  durationSeconds: number;
  /** Accounts tracked at once; beyond it the oldest unlocked entries are forgotten first. */
  maxTracked: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  lockedUntil: number | undefined;
}

/**
 * Clerk's "user lockout": failed sign-in verifications (wrong password or code) are counted per
 * account; at `maxAttempts` the account is locked for `durationSeconds` and refuses every sign-in,
 * the right password included, until then. A successful sign-in clears the count. Memory is
 * bounded: the map keeps insertion order, so the oldest entries go first, locked ones last (an
 * attacker flooding the table must not unlock the account he is attacking).
 */
export class SignInLockout {
  readonly #entries = new Map<string, Entry>();
  readonly #options: LockoutOptions;
  readonly #now: () => number;

  constructor(options: LockoutOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Seconds left on the account's lock (rounded up), or undefined when it may sign in. */
  lockedForSeconds(accountId: string): number | undefined {
    const entry = this.#entries.get(accountId);
    if (entry?.lockedUntil === undefined) return undefined;
    const left = entry.lockedUntil - this.#now();
    if (left > 0) return Math.ceil(left / 1000);
    this.#entries.delete(accountId); // expired: a fresh start, as Clerk's unlock does
    return undefined;
  }

  /** Records a failed attempt; returns the lock's seconds when this attempt locked the account. */
  recordFailure(accountId: string): number | undefined {
    const entry = this.#entries.get(accountId) ?? { failures: 0, lockedUntil: undefined };
    entry.failures += 1;
    if (entry.failures >= this.#options.maxAttempts)
      entry.lockedUntil = this.#now() + this.#options.durationSeconds * 1000;
    this.#entries.delete(accountId);
    this.#entries.set(accountId, entry);
    this.#evict();
    return entry.lockedUntil === undefined ? undefined : this.#options.durationSeconds;
  }

  recordSuccess(accountId: string): void {
    this.#entries.delete(accountId);
  }

  get size(): number {
    return this.#entries.size;
  }

  #evict(): void {
    if (this.#entries.size <= this.#options.maxTracked) return;
    const now = this.#now();
    for (const [id, entry] of this.#entries) {
      if (this.#entries.size <= this.#options.maxTracked) return;
      if (entry.lockedUntil === undefined || entry.lockedUntil <= now) this.#entries.delete(id);
    }
    // Every tracked account is locked: the oldest lock goes (the bound wins over the lock).
    for (const id of this.#entries.keys()) {
      if (this.#entries.size <= this.#options.maxTracked) return;
      this.#entries.delete(id);
    }
  }
}
