/** Hands out items round-robin; `replace` swaps the pool mid-run (e.g. tokens after a key rotation). */
export class Rotation<T> {
  private index = 0;
  constructor(private items: readonly T[]) {
    if (items.length === 0) throw new Error('Rotation needs at least one item');
  }

  next(): T {
    return this.items[this.index++ % this.items.length]!;
  }

  replace(items: readonly T[]): void {
    if (items.length === 0) throw new Error('Rotation needs at least one item');
    this.items = items;
  }
}
