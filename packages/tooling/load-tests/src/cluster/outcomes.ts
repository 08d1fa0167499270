/** One request of the cluster traffic: when it was sent and answered (ms since traffic began), and how. */
export interface Outcome {
  at: number;
  end: number;
  op: string;
  status: number | 'network-error';
  retryAfter: string | null;
}

/** A phase of the scenario (a rolling restart, a PostgreSQL outage), in ms since traffic began. */
export interface Window {
  from: number;
  to: number;
}

export const inside = (w: Window | null, t: number) => w !== null && t >= w.from && t <= w.to;

/** In flight at some moment of the window. */
export const overlaps = (w: Window | null, o: Outcome) => w !== null && o.end >= w.from && o.at <= w.to;

/** `200×12 503×3`. */
export function statuses(outcomes: readonly Outcome[]): string {
  return countBy(outcomes.map((o) => String(o.status)));
}

/** `note.create:503×2 profile.me:network-error×1`. */
export function describeOutcomes(outcomes: readonly Outcome[]): string {
  return countBy(outcomes.map((o) => `${o.op}:${o.status}`));
}

function countBy(keys: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].map(([key, n]) => `${key}×${n}`).join(' ');
}
