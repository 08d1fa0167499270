/**
 * Every call to the API has a deadline: without one, a server that accepts the connection and never
 * answers holds the page (undici's default is 300 s) or leaves "Saving…" on screen forever.
 */

/** The server-side prefetch (RSC): the document waits for it, so it is short. */
export const SERVER_API_TIMEOUT_MS = 5_000;
/** The browser's queries and mutations: a person is watching a spinner. */
export const BROWSER_API_TIMEOUT_MS = 10_000;

/** Aborted when either signal is (AbortSignal.any where the runtime has it). */
function eitherSignal(a: AbortSignal, b: AbortSignal | null | undefined): AbortSignal {
  if (!b) return a;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const controller = new AbortController();
  const abort = (signal: AbortSignal) => controller.abort(signal.reason);
  for (const signal of [a, b]) {
    if (signal.aborted) abort(signal);
    else signal.addEventListener('abort', () => abort(signal), { once: true });
  }
  return controller.signal;
}

/**
 * `fetch` that gives up after `timeoutMs`, headers and body included (the signal also aborts the
 * body stream), while still honouring the caller's own signal (React Query cancelling a query).
 */
export function fetchWithDeadline(timeoutMs: number) {
  return (input: RequestInfo | URL | string, init?: RequestInit): Promise<Response> =>
    fetch(input, { ...init, signal: eitherSignal(AbortSignal.timeout(timeoutMs), init?.signal) });
}
