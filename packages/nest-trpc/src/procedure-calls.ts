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

/** A request's calls, and whether tRPC answers them as a batch (an array, one result per call). */
export interface RequestCalls {
  /** The path as tRPC reads it (decoded; `a,b` for a batch), `''` when it does not decode. */
  path: string;
  calls: ProcedureCall[];
  batch: boolean;
}

const UNKNOWN: ProcedureCall = Object.freeze({ path: '', type: 'unknown', meta: undefined });

/**
 * The calls of a request the way tRPC will read them: the path after the mount, decoded, split on
 * commas for a batch (`?batch=1`). A batch longer than `maxBatchSize` (which tRPC refuses with 400,
 * one error for the request) or a path that does not decode counts as one unknown call, not a batch,
 * so an admission hook still sees it.
 */
export function requestCallsOf(
  router: AnyRouter,
  maxBatchSize: number,
): (req: IncomingMessage, path: string) => RequestCalls {
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
      return { path: '', calls: [UNKNOWN], batch: false };
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    if (query < 0 || !BATCH.test(url.slice(query + 1))) return { path, calls: [callAt(path)], batch: false };
    const paths = path.split(',');
    return paths.length > maxBatchSize
      ? { path, calls: [UNKNOWN], batch: false }
      : { path, calls: paths.map(callAt), batch: true };
  };
}
