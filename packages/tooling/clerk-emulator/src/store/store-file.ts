import { formatPath } from '../seed/load-seed.js';
import { readJsonFile, writeFileAtomic } from '../util/json-file.js';
import type { ClientStore } from './client-store.js';
import type { OrganizationStore } from './orgs/organization-store.js';
import type { SessionStore } from './session-store.js';
import { storeFileSchema } from './store-file-schema.js';
import type { UserStore } from './user-store.js';

export interface PersistedStores {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly clients: ClientStore;
  readonly organizations: OrganizationStore;
}

// Coalesces the writes of a burst of requests (a page load makes several).
const WRITE_DELAY_MS = 100;

/**
 * Users (with password hashes), sessions and clients in one JSON file (mode 0600), so `pnpm dev`
 * keeps accounts and signed-in browsers across restarts. Writes are atomic (temp file + rename)
 * and skipped when nothing changed.
 */
export class StoreFile {
  readonly #path: string;
  readonly #stores: PersistedStores;
  #lastWritten = '';
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(path: string, stores: PersistedStores) {
    this.#path = path;
    this.#stores = stores;
  }

  /** Loads the file into the stores; false when it does not exist yet. A corrupt file is an error. */
  async load(): Promise<boolean> {
    const raw = await readJsonFile(this.#path, 'store file');
    if (raw === undefined) return false;
    const parsed = storeFileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `store file ${this.#path} is invalid at ${formatPath(issue?.path ?? [])}: ${issue?.message ?? 'unknown'}; fix or delete it`,
      );
    }
    this.#stores.users.restore(parsed.data.users);
    this.#stores.sessions.restore(parsed.data.sessions);
    this.#stores.clients.restore(parsed.data.clients);
    if (parsed.data.organizations) this.#stores.organizations.restore(parsed.data.organizations);
    this.#lastWritten = this.#serialize();
    return true;
  }

  /** Writes soon (debounced). */
  schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush().catch((err: unknown) =>
        console.error(`clerk-emulator: could not write ${this.#path}: ${(err as Error).message}`),
      );
    }, WRITE_DELAY_MS);
    this.#timer.unref();
  }

  /** Writes now if anything changed; serialized with any write in progress. */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    // A failed write must not stall later ones.
    this.#writing = this.#writing.catch(() => undefined).then(() => this.#write());
    return this.#writing;
  }

  async #write(): Promise<void> {
    const text = this.#serialize();
    if (text === this.#lastWritten) return;
    await writeFileAtomic(this.#path, text);
    this.#lastWritten = text;
  }

  #serialize(): string {
    const { users, sessions, clients, organizations } = this.#stores;
    const contents = {
      version: 1,
      users: users.snapshot(),
      sessions: sessions.snapshot(),
      clients: clients.snapshot(),
      organizations: organizations.snapshot(),
    };
    return JSON.stringify(contents, null, 2) + '\n';
  }
}
