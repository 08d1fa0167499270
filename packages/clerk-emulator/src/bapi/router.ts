import type { RouteName } from './route-names.js';

export interface RouteRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body (undefined when empty or for GET). */
  readonly body: unknown;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

export type RouteHandler = (request: RouteRequest) => RouteResult | Promise<RouteResult>;

export interface RouteDefinition {
  readonly name: RouteName;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path under /v1 with `:param` segments, e.g. `/users/:userId`. */
  readonly path: string;
  readonly handler: RouteHandler;
}

export type RouteMatch =
  | { kind: 'found'; route: RouteDefinition; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' };

/** Method + path matching over a fixed table; earlier entries win (list literals before params). */
export class Router {
  readonly #routes: ReadonlyArray<{ definition: RouteDefinition; segments: string[] }>;

  constructor(routes: readonly RouteDefinition[]) {
    this.#routes = routes.map((definition) => ({ definition, segments: splitPath(definition.path) }));
  }

  match(method: string, segments: readonly string[]): RouteMatch {
    const allowed = new Set<string>();
    for (const { definition, segments: pattern } of this.#routes) {
      const params = matchSegments(pattern, segments);
      if (!params) continue;
      if (definition.method === method) return { kind: 'found', route: definition, params };
      allowed.add(definition.method);
    }
    return allowed.size > 0 ? { kind: 'method_not_allowed', allowed: [...allowed] } : { kind: 'not_found' };
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const value = actual[i]!;
    if (expected.startsWith(':')) params[expected.slice(1)] = value;
    else if (expected !== value) return undefined;
  }
  return params;
}

/**
 * Path segments under `/v1` and the query, or undefined for anything that is not a plain
 * origin-form target under /v1 (absolute URLs, `*`, bad percent-encoding).
 */
export function parseRequestTarget(rawUrl: string | undefined): { segments: string[]; query: URLSearchParams } | undefined {
  if (!rawUrl || !rawUrl.startsWith('/')) return undefined;
  let url: URL;
  try {
    // Prefixing (instead of a base URL) keeps `//host/x` a path rather than a new authority.
    url = new URL('http://emulator.invalid' + rawUrl);
  } catch {
    return undefined;
  }
  let segments: string[];
  try {
    segments = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (segments[0] !== 'v1') return undefined;
  return { segments: segments.slice(1), query: url.searchParams };
}
