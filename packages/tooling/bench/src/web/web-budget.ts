import { readFile } from 'node:fs/promises';

/** packages/tooling/bench/web-budget.json: limits a change must stay under, with headroom over a recorded run. */
export interface WebBudget {
  profileFirstLoadJsGzipBytes: number;
  profileRenderP50Ms: number;
  /** /profile's p50 ÷ /'s p50: what the prefetch costs, steadier than ms on a busy machine. */
  profileVsHomeP50: number;
}

/** What the budget is compared with (from one run of the web bench). */
export interface WebFigures {
  profileFirstLoadJsGzipBytes: number;
  profileRenderP50Ms: number;
  profileVsHomeP50: number;
  /** Renders that were not the signed-in page (or API calls that failed), summed. */
  failures: number;
}

export interface WebCheck {
  name: string;
  measured: string;
  limit: string;
  ok: boolean;
}

const KEYS = ['profileFirstLoadJsGzipBytes', 'profileRenderP50Ms', 'profileVsHomeP50'] as const;

/** Throws with the offending key when the file is not a budget. */
export function parseWebBudget(json: string): WebBudget {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const budget: Partial<WebBudget> = {};
  for (const key of KEYS) {
    const value = raw[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
      throw new Error(`web budget: ${key} must be a positive number, got ${JSON.stringify(value)}`);
    budget[key] = value;
  }
  return budget as WebBudget;
}

export async function loadWebBudget(file: string): Promise<WebBudget> {
  return parseWebBudget(await readFile(file, 'utf8'));
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** Each budget line, plus "every render was the signed-in page": a broken page is a regression too. */
export function checkWebBudget(figures: WebFigures, budget: WebBudget): WebCheck[] {
  return [
    {
      name: '/profile first-load JS (app, gzip)',
      measured: kB(figures.profileFirstLoadJsGzipBytes),
      limit: `≤ ${kB(budget.profileFirstLoadJsGzipBytes)}`,
      ok: figures.profileFirstLoadJsGzipBytes <= budget.profileFirstLoadJsGzipBytes,
    },
    {
      name: '/profile server render p50',
      measured: `${figures.profileRenderP50Ms.toFixed(1)} ms`,
      limit: `≤ ${budget.profileRenderP50Ms} ms`,
      ok: figures.profileRenderP50Ms <= budget.profileRenderP50Ms,
    },
    {
      name: '/profile p50 ÷ / p50 (the prefetch)',
      measured: `${figures.profileVsHomeP50.toFixed(2)}×`,
      limit: `≤ ${budget.profileVsHomeP50}×`,
      ok: figures.profileVsHomeP50 <= budget.profileVsHomeP50,
    },
    { name: 'failed renders', measured: String(figures.failures), limit: '= 0', ok: figures.failures === 0 },
  ];
}

export function formatWebChecks(checks: readonly WebCheck[]): string {
  return checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}: ${c.measured} (budget ${c.limit})`).join('\n');
}
