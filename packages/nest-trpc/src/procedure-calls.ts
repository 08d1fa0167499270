import type { IncomingMessage } from 'node:http';

import type { AnyRouter } from '@trpc/server';

/** One call of a request, as its URL names it, before the router runs. */
export interface ProcedureCall {
  /** The procedure path, e.g. `note.create` (as decoded from the URL; `''` when undecodable). */
  path: string;
  /** The procedure's type, or `unknown` when the router has no procedure at that path. */
  type: 'query' | 'mutation' | 'subscription' | 'unknown';
  /** What the procedure declared with `.meta(...)`, if anything. */
  meta: unknown;
}

type ProcedureLike = { _def: { type: ProcedureCall['type']; meta?: unknown } };

const BATCH = /(?:^|&)batch=1(?:&|$)/;

/**
 * The calls of a request the way tRPC will read them: the path after the mount, decoded, split on
 * commas for a batch (`?batch=1`). A batch longer than `maxBatchSize` (which tRPC refuses with 400)
 * or a path that does not decode counts as one unknown call, so an admission hook still sees it.
 */
export function procedureCallsOf(
  router: AnyRouter,
  maxBatchSize: number,
): (req: IncomingMessage, path: string) => ProcedureCall[] {
  const procedures = router._def.procedures as Record<string, ProcedureLike | undefined>;
  const callAt = (path: string): ProcedureCall => {
    const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
    return procedure
      ? { path, type: procedure._def.type, meta: procedure._def.meta }
      : { path, type: 'unknown', meta: undefined };
  };
  return (req, rawPath) => {
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      return [{ path: '', type: 'unknown', meta: undefined }];
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    if (query < 0 || !BATCH.test(url.slice(query + 1))) return [callAt(path)];
    const paths = path.split(',');
    return paths.length > maxBatchSize ? [{ path: '', type: 'unknown', meta: undefined }] : paths.map(callAt);
  };
}
