/**
 * What the service's defences did, as events: the log summaries listen, and a metrics layer can
 * count them (e.g. `rate_limit_rejections_total{policy}`, `auth_rejections_total{reason}`)
 * without touching the code that emits them. Listeners run synchronously on the request's path:
 * keep them cheap, and they must not throw (a throwing listener is ignored).
 */
export interface ServiceEvents {
  /** A call refused by a rate limit, before it ran. `surface`: `trpc`, `rest` or `webhook`. */
  'rate-limit.rejected': { policy: string; surface: 'trpc' | 'rest' | 'webhook' };
  /** Credentials presented and refused (a 401), or a cross-site cookie write (a 403); never the token. */
  'auth.rejected': { reason: string; surface: 'trpc' | 'rest' };
  /** A webhook delivery that failed verification (a 400, or a 429 once over its limit). */
  'webhook.verification-failed': { reason: string };
  /** A signed webhook the mirror cannot store, acknowledged and not applied. */
  'webhook.ignored': { reason: string; type: string };
  /** The client went away before its answer was written. */
  'client.aborted': { surface: 'trpc' | 'rest' };
}

type Listener<K extends keyof ServiceEvents> = (event: ServiceEvents[K]) => void;

const listeners = new Map<keyof ServiceEvents, Set<(event: never) => void>>();

/** Hears every `name` event from now on; returns the unsubscribe function. */
export function onServiceEvent<K extends keyof ServiceEvents>(name: K, listener: Listener<K>): () => void {
  let set = listeners.get(name);
  if (!set) listeners.set(name, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

export function emitServiceEvent<K extends keyof ServiceEvents>(name: K, event: ServiceEvents[K]): void {
  const set = listeners.get(name) as Set<Listener<K>> | undefined;
  if (!set) return;
  for (const listener of set) {
    try {
      listener(event);
    } catch {
      // An observer must never fail the request it observes.
    }
  }
}
