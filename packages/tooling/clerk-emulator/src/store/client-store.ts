import { createHash, randomBytes } from 'node:crypto';

import { newId } from '../util/ids.js';
import { jsonClone } from '../util/json.js';
import type { EmulatedClient } from './client-types.js';

// Anonymous requests create clients: bound them so a loop cannot grow the store without limit.
const MAX_CLIENTS = 10_000;

const hashClientToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Clients keyed by id and by the hash of their cookie token. Records are frozen and replaced
 * whole by `put`, so a handler that fails before `put` leaves the client exactly as it was.
 */
export class ClientStore {
  readonly #clients = new Map<string, EmulatedClient>();
  readonly #idByTokenHash = new Map<string, string>();

  /** A new client record and its cookie token; nothing is stored until `put`. */
  draft(): { client: EmulatedClient; token: string } {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    const client: EmulatedClient = Object.freeze({
      id: newId('client'),
      tokenHash: hashClientToken(token),
      sessionIds: [],
      lastActiveSessionId: null,
      signIn: null,
      signUp: null,
      authChangedAt: 0,
      createdAt: now,
      updatedAt: now,
    });
    return { client, token };
  }

  findByToken(token: string): EmulatedClient | undefined {
    const id = this.#idByTokenHash.get(hashClientToken(token));
    return id === undefined ? undefined : this.#clients.get(id);
  }

  get(id: string): EmulatedClient | undefined {
    return this.#clients.get(id);
  }

  /** Inserts or replaces a client (deep-frozen copy, fresh updatedAt). */
  put(client: EmulatedClient): EmulatedClient {
    const previous = this.#clients.get(client.id);
    const next = deepFreeze({ ...jsonClone(client), updatedAt: Math.max(Date.now(), (previous?.updatedAt ?? 0) + 1) });
    if (!previous) this.#evictIfFull();
    this.#clients.set(next.id, next);
    this.#idByTokenHash.set(next.tokenHash, next.id);
    return next;
  }

  delete(id: string): void {
    const client = this.#clients.get(id);
    if (!client) return;
    this.#clients.delete(id);
    this.#idByTokenHash.delete(client.tokenHash);
  }

  get size(): number {
    return this.#clients.size;
  }

  snapshot(): EmulatedClient[] {
    return [...this.#clients.values()];
  }

  restore(clients: readonly EmulatedClient[]): void {
    this.#clients.clear();
    this.#idByTokenHash.clear();
    for (const client of clients) {
      this.#clients.set(client.id, deepFreeze(jsonClone(client)));
      this.#idByTokenHash.set(client.tokenHash, client.id);
    }
  }

  /** Drops the least recently updated client that has no session (or the oldest one) when full. */
  #evictIfFull(): void {
    if (this.#clients.size < MAX_CLIENTS) return;
    const hasSessions = (c: EmulatedClient) => (c.sessionIds.length > 0 ? 1 : 0);
    let victim: EmulatedClient | undefined;
    for (const client of this.#clients.values()) {
      if (
        !victim ||
        hasSessions(client) < hasSessions(victim) ||
        (hasSessions(client) === hasSessions(victim) && client.updatedAt < victim.updatedAt)
      )
        victim = client;
    }
    if (victim) this.delete(victim.id);
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
