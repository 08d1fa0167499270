import type { IncomingHttpHeaders } from 'node:http';

/**
 * A request's headers as the read-only Fetch `Headers` that tRPC reads, over the object Node has
 * already parsed: no copy and no re-validation per request (the cost of `new Headers()` + append
 * for every header in tRPC's own adapter). Node lower-cases names; repeated values are joined.
 */
export class NodeHeaders implements Headers {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  getSetCookie(): string[] {
    const value = this.raw['set-cookie'];
    return value === undefined ? [] : [...value];
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  *entries(): IterableIterator<[string, string]> {
    // Fetch headers iterate sorted by name; HTTP/2 pseudo-headers are not headers.
    for (const key of Object.keys(this.raw).sort()) {
      if (key.startsWith(':')) continue;
      const value = this.get(key);
      if (value !== null) yield [key, value];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  // A request's headers are immutable, as in Fetch (guard "immutable").
  append(): never {
    throw new TypeError('Headers of a request are immutable');
  }
  set(): never {
    throw new TypeError('Headers of a request are immutable');
  }
  delete(): never {
    throw new TypeError('Headers of a request are immutable');
  }
}
