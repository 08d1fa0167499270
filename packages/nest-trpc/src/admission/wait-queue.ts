/** What a queue entry carries besides its links. */
export interface Linked<T> {
  prev: T | null;
  next: T | null;
}

/**
 * A FIFO whose entries can also leave from the middle in O(1) (a client that hangs up while it
 * waits): an intrusive doubly linked list, so neither taking the head nor removing an entry
 * copies or scans anything.
 */
export class WaitQueue<T extends Linked<T>> {
  private head: T | null = null;
  private tail: T | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  peek(): T | null {
    return this.head;
  }

  push(entry: T): void {
    entry.prev = this.tail;
    entry.next = null;
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
    this.count++;
  }

  shift(): T | null {
    const entry = this.head;
    if (entry) this.remove(entry);
    return entry;
  }

  /** Unlinks `entry`, which must be in this queue. */
  remove(entry: T): void {
    if (entry.prev) entry.prev.next = entry.next;
    else this.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = null;
    entry.next = null;
    this.count--;
  }
}
