import { PathRouter } from '../http/router.js';
import type { RouteName } from './route-names.js';

export { parseRequestTarget } from '../http/router.js';

export interface RouteRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body (undefined when empty or for GET). */
  readonly body: unknown;
}

interface RouteResult {
  status: number;
  body: unknown;
}

type RouteHandler = (request: RouteRequest) => RouteResult | Promise<RouteResult>;

export interface RouteDefinition {
  readonly name: RouteName;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path under /v1 with `:param` segments, e.g. `/users/:userId`. */
  readonly path: string;
  readonly handler: RouteHandler;
}

/** The Backend API route table. */
export class Router extends PathRouter<RouteDefinition> {}
