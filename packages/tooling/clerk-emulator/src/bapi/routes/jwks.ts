import type { BapiDeps } from '../deps.js';
import type { RouteDefinition } from '../router.js';

export function jwksRoutes(deps: BapiDeps): RouteDefinition[] {
  return [
    { name: 'jwks', method: 'GET', path: '/jwks', handler: () => ({ status: 200, body: { keys: deps.jwks() } }) },
  ];
}
