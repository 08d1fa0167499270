import type { AnyRouter } from '@trpc/server';

import type { AdmissionOptions } from './admission-options.js';

/**
 * Which requests skip the gate, decided once per procedure at start-up: subscriptions, and the
 * procedures `bypass` picks. A request skips it only if every call of it does (`a,b` in a batch).
 * Procedures of lazy routers are not known up front, so their calls wait like any other.
 */
export function bypassRule<TRouter extends AnyRouter>(
  router: TRouter,
  bypass: AdmissionOptions<TRouter>['bypass'],
): (path: string) => boolean {
  const skipping = new Set<string>();
  for (const [path, procedure] of Object.entries(router._def.procedures as Record<string, unknown>)) {
    const def = (procedure as { _def: { type: 'query' | 'mutation' | 'subscription'; meta?: unknown } })._def;
    if (def.type === 'subscription' || bypass?.({ path, type: def.type, meta: def.meta })) skipping.add(path);
  }
  if (skipping.size === 0) return () => false;
  return (path) => {
    if (skipping.has(path)) return true;
    if (path === '') return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return false;
    }
    return decoded.split(',').every((p) => skipping.has(p));
  };
}
