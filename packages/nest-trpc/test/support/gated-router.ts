import { initTRPC } from '@trpc/server';
import { z } from 'zod';

/** What a test controls and observes about calls inside tRPC. */
export class CallLog {
  /** Request ids whose context was created, i.e. that entered tRPC, in order. */
  readonly entered: string[] = [];
  private readonly waiters = new Map<string, () => void>();
  private readonly releases = new Map<string, () => void>();

  /** Resolves once the call with this key is running inside its procedure. */
  running(key: string): Promise<void> {
    if (this.releases.has(key)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.set(key, resolve));
  }

  /** The procedure's side: wait until the test releases `key`. */
  hold(key: string): Promise<void> {
    if (this.releases.has(key)) throw new Error(`${key} is already held: keys are unique`);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    this.releases.set(key, release);
    this.waiters.get(key)?.();
    return held;
  }

  release(key: string): void {
    const release = this.releases.get(key);
    if (!release) throw new Error(`${key} is not running`);
    release();
  }

  releaseAll(): void {
    for (const release of this.releases.values()) release();
  }

  /** Forgets everything (between tests sharing one server, once no call is left). */
  reset(): void {
    this.entered.length = 0;
    this.waiters.clear();
    this.releases.clear();
  }
}

export interface GatedMeta {
  /** Answered without waiting on anything: skips the admission gate. */
  noQueue?: boolean;
}

interface Ctx {
  requestId: string;
}

/** A router of its own (the module hosts any router): calls the test holds, free ones, a stream. */
export function gatedRouter(log: CallLog) {
  const t = initTRPC.context<Ctx>().meta<GatedMeta>().create({ isDev: false });
  return t.router({
    hold: t.procedure.input(z.object({ key: z.string() })).query(async ({ input }) => {
      await log.hold(input.key);
      return input.key;
    }),
    write: t.procedure.input(z.object({ key: z.string() })).mutation(async ({ input }) => {
      await log.hold(input.key);
      return input.key;
    }),
    free: t.procedure.meta({ noQueue: true }).query(() => 'free'),
    ticks: t.procedure.subscription(async function* () {
      for (let i = 0; ; i++) {
        yield i;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }),
  });
}
export type GatedRouter = ReturnType<typeof gatedRouter>;
