import type { RouteName } from './route-names.js';

/** Request counters per route (every request that matched the route, including failed ones). */
export interface RouteStats {
  count(route: RouteName): number;
  reset(): void;
}

export class RouteCounter implements RouteStats {
  readonly #counts = new Map<RouteName, number>();

  increment(route: RouteName): void {
    this.#counts.set(route, (this.#counts.get(route) ?? 0) + 1);
  }

  count(route: RouteName): number {
    return this.#counts.get(route) ?? 0;
  }

  reset(): void {
    this.#counts.clear();
  }
}
