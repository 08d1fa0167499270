import { ROUTE_NAMES } from '@stack/clerk-emulator';
import { WEB_ROOT } from '@stack/test-harness';

import { LOAD_CPU, SERVER_CPU } from '../measure.js';
import { type FirstLoadJs, measureFirstLoadJs } from './first-load-js.js';
import { type Fetched, get, keepAliveAgent, summarizeTimes, type Timing } from './render-timing.js';
import { checkWebBudget, loadWebBudget, type WebBudget, type WebCheck } from './web-budget.js';
import { startWebStack } from './web-stack.js';

export interface WebBenchOptions {
  /** Measured requests per target, sequential. */
  requests: number;
  /** Unmeasured requests per target first (JIT, Next's module cache, the API's caches). */
  warmup: number;
  budgetFile: string;
}

export interface WebResult {
  firstLoadJs: FirstLoadJs;
  /** The signed-in `/profile` HTML (inline RSC payload included). */
  profileHtml: { rawBytes: number };
  /** `/` (same layout and auth, no prefetch), `/profile`, and `profile.me` called directly. */
  timings: Timing[];
  /** Clerk Backend API requests while the measured requests ran (networkless auth: expect 0). */
  backendApiCalls: number;
  requests: number;
  warmup: number;
  budget: WebBudget;
  checks: WebCheck[];
}

interface Target {
  name: string;
  run: () => Promise<Fetched>;
  ok: (f: Fetched) => boolean;
}

/**
 * Next on the server CPU, the API on the other; requests go one at a time, interleaving the
 * targets so drift on the machine hits them alike. Throws when `/profile` is not the signed-in page.
 */
export async function runWebBench(options: WebBenchOptions): Promise<WebResult> {
  const budget = await loadWebBudget(options.budgetFile);
  const stack = await startWebStack({ webCpu: SERVER_CPU, apiCpu: LOAD_CPU, tokenLifetimeSeconds: 600 });
  const webAgent = keepAliveAgent();
  const apiAgent = keepAliveAgent();
  try {
    const page = (path: string) => () =>
      get(
        `${stack.webUrl}${path}`,
        { cookie: stack.cookie, accept: 'text/html', 'sec-fetch-dest': 'document' },
        webAgent,
      );
    const signedIn = (f: Fetched) => f.status === 200 && f.body.includes(stack.email);
    const targets: Target[] = [
      { name: 'GET / (no prefetch)', run: page('/'), ok: (f) => f.status === 200 },
      { name: 'GET /profile (prefetch)', run: page('/profile'), ok: signedIn },
      {
        name: 'profile.me on the API',
        run: () => get(`${stack.apiUrl}/trpc/profile.me`, { authorization: stack.authorization }, apiAgent),
        ok: signedIn,
      },
    ];

    const first = await targets[1]!.run();
    if (!signedIn(first)) {
      throw new Error(
        `signed-in GET /profile did not return the profile: ${first.status}${first.location ? ` → ${first.location}` : ''}`,
      );
    }
    const firstLoadJs = await measureFirstLoadJs(first.body, {
      webRoot: WEB_ROOT,
      webUrl: stack.webUrl,
      route: '/profile',
    });

    for (let i = 0; i < options.warmup; i++) for (const t of targets) await t.run();
    stack.emulator.stats.reset();
    const times = targets.map(() => [] as number[]);
    const failures = targets.map(() => 0);
    for (let i = 0; i < options.requests; i++) {
      for (const [k, t] of targets.entries()) {
        const f = await t.run();
        times[k]!.push(f.ms);
        if (!t.ok(f)) failures[k]!++;
      }
    }
    const backendApiCalls = ROUTE_NAMES.reduce((sum, route) => sum + stack.emulator.stats.count(route), 0);
    const timings = targets.map((t, k) => summarizeTimes(t.name, times[k]!, failures[k]!));
    const figures = {
      profileFirstLoadJsGzipBytes: firstLoadJs.app.gzipBytes,
      profileRenderP50Ms: timings[1]!.p50,
      profileVsHomeP50: timings[1]!.p50 / timings[0]!.p50,
      failures: failures.reduce((a, b) => a + b, 0),
    };
    return {
      firstLoadJs,
      profileHtml: { rawBytes: Buffer.byteLength(first.body) },
      timings,
      backendApiCalls,
      requests: options.requests,
      warmup: options.warmup,
      budget,
      checks: checkWebBudget(figures, budget),
    };
  } finally {
    webAgent.destroy();
    apiAgent.destroy();
    await stack.stop();
  }
}
