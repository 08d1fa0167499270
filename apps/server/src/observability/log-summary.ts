export interface LogSummaryOptions {
  /** Writes one line. */
  write: (line: string) => void;
  /** What is counted, e.g. `Rejected credentials`. */
  what: string;
  /** One line per reason per window at most. */
  windowMs?: number;
}

interface Window {
  count: number;
  timer: NodeJS.Timeout;
}

/**
 * Turns a flood of one kind of event into a bounded log: the first of a reason is written at once,
 * the rest are counted and written as one summary line with the count when the window (10 s) ends,
 * which opens the next window; a window with nothing counted closes. So each reason costs at most
 * one line per window, however many arrive.
 */
export class LogSummary {
  private readonly windows = new Map<string, Window>();
  private readonly windowMs: number;

  constructor(private readonly options: LogSummaryOptions) {
    this.windowMs = options.windowMs ?? 10_000;
  }

  count(reason: string, times = 1): void {
    const open = this.windows.get(reason);
    if (open) {
      open.count += times;
      return;
    }
    // The first is written; the others of the same moment are the window's.
    this.options.write(`${this.options.what}: ${reason}`);
    this.open(reason, times - 1);
  }

  /** Writes what is counted and closes every window (at shutdown, and in tests). */
  flush(): void {
    for (const [reason, window] of this.windows) {
      clearTimeout(window.timer);
      this.writeSummary(reason, window.count);
    }
    this.windows.clear();
  }

  private open(reason: string, count = 0): void {
    const window: Window = {
      count,
      timer: setTimeout(() => {
        this.windows.delete(reason);
        if (window.count === 0) return;
        this.writeSummary(reason, window.count);
        this.open(reason);
      }, this.windowMs),
    };
    window.timer.unref();
    this.windows.set(reason, window);
  }

  private writeSummary(reason: string, count: number): void {
    if (count > 0)
      this.options.write(`${this.options.what}: ${reason} ×${count} more in the last ${this.windowMs / 1000} s`);
  }
}
