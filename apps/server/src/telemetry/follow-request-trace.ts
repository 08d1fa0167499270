import { recordOf } from '../http/request-record.js';
import { traceContext } from './on-demand-context.js';

/**
 * Runs `fn` for a request, inside the request's trace when it is sampled (so what `fn` calls, such
 * as a JWKS fetch, becomes a child of its server span), and without any context tracking otherwise.
 */
export function followRequestTrace<T>(req: object, fn: () => Promise<T>): Promise<T> {
  const trace = recordOf(req)?.trace;
  return trace ? traceContext.follow(trace, fn) : fn();
}
