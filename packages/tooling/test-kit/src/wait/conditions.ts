/**
 * Waiting on something a test observes (events arriving, a stream ending) without polling: each
 * `until` re-checks its condition whenever the observer calls `changed()`, and fails after a bound
 * naming what it waited for and what was seen.
 */
export class Conditions {
  private readonly waiters = new Set<() => void>();

  constructor(private readonly describe: () => string = () => '') {}

  until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const seen = this.describe();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen ? ` (${seen})` : ''}`));
      }, timeoutMs);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  /** Something observed changed: every pending `until` checks its condition again. */
  changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
