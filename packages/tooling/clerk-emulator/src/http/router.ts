/** Any route the path router can match: an HTTP method and a path with `:param` segments. */
export interface PathRoute {
  readonly method: string;
  readonly path: string;
}

export type RouteMatch<R> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' };

/** Method + path matching over a fixed table; earlier entries win (list literals before params). */
export class PathRouter<R extends PathRoute> {
  readonly #routes: ReadonlyArray<{ definition: R; segments: string[] }>;

  constructor(routes: readonly R[]) {
    this.#routes = routes.map((definition) => ({ definition, segments: splitPath(definition.path) }));
  }

  match(method: string, segments: readonly string[]): RouteMatch<R> {
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

export interface RequestTarget {
  /** Decoded path segments, e.g. ['v1', 'users', 'user_1']. */
  readonly segments: string[];
  readonly query: URLSearchParams;
}

/**
 * Path segments and query of an origin-form request target, or undefined for anything else
 * (absolute URLs, `*`, bad percent-encoding).
 */
export function parseTarget(rawUrl: string | undefined): RequestTarget | undefined {
  if (!rawUrl || !rawUrl.startsWith('/')) return undefined;
  let url: URL;
  try {
    // Prefixing (instead of a base URL) keeps `//host/x` a path rather than a new authority.
    url = new URL('http://emulator.invalid' + rawUrl);
  } catch {
    return undefined;
  }
  try {
    return {
      segments: url.pathname
        .split('/')
        .filter((s) => s !== '')
        .map(decodeURIComponent),
      query: url.searchParams,
    };
  } catch {
    return undefined;
  }
}

/** Segments under `/v1`, or undefined when the target is not under /v1. */
export function parseRequestTarget(rawUrl: string | undefined): RequestTarget | undefined {
  const target = parseTarget(rawUrl);
  if (!target || target.segments[0] !== 'v1') return undefined;
  return { segments: target.segments.slice(1), query: target.query };
}
