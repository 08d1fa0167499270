import type { PathRoute } from '../http/router.js';
import type { FapiContext } from './context.js';

export type FapiResult =
  /** `{response, client}`: the shape of every client-changing call (clerk-js applies `client`). */
  | { kind: 'envelope'; response: unknown }
  /** A bare body (environment, tokens, paginated lists). */
  | { kind: 'raw'; body: unknown }
  /** A browser navigation (handshake, client touch). */
  | { kind: 'redirect'; location: string; cookies: string[] };

export interface FapiRoute extends PathRoute {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path under /v1 with `:param` segments. */
  readonly path: string;
  readonly handler: (ctx: FapiContext) => FapiResult | Promise<FapiResult>;
  /** false: the route never reads or writes the client (no client cookies on its response). */
  readonly usesClient?: boolean;
}

export const envelope = (response: unknown): FapiResult => ({ kind: 'envelope', response });
export const raw = (body: unknown): FapiResult => ({ kind: 'raw', body });
