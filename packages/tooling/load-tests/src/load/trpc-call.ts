/** One tRPC call's outcome as a client sees it: a status (null when no answer came) and the data. */
export interface CallOutcome {
  status: number | null;
  retryAfter: string | null;
  /** `result.data` of a 2xx answer. */
  data: unknown;
  ms: number;
  /** Why no answer came (connection refused or reset, timeout). */
  failure?: string;
}

/**
 * A single (unbatched) tRPC call over fetch: a query as GET with `?input=`, a mutation as a JSON
 * POST. Bounded by `timeoutMs`, so a hung server shows as a failure, never as a stuck run.
 */
export async function callTrpc(
  url: string,
  token: string,
  kind: 'query' | 'mutation',
  procedure: string,
  input: unknown,
  timeoutMs = 10_000,
): Promise<CallOutcome> {
  const started = performance.now();
  const json = JSON.stringify(input);
  try {
    const res = await fetch(
      kind === 'query' ? `${url}/trpc/${procedure}?input=${encodeURIComponent(json)}` : `${url}/trpc/${procedure}`,
      {
        method: kind === 'query' ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          ...(kind === 'mutation' ? { 'content-type': 'application/json' } : {}),
        },
        ...(kind === 'mutation' ? { body: json } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      },
    );
    const body = (await res.json().catch(() => null)) as { result?: { data?: unknown } } | null;
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      data: res.ok ? body?.result?.data : undefined,
      ms: performance.now() - started,
    };
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    return {
      status: null,
      retryAfter: null,
      data: undefined,
      ms: performance.now() - started,
      failure: cause ?? (error as Error).name,
    };
  }
}

/** Every note id in the caller's scope, newest first, paging with the API's own cursor. */
export async function listAllNoteIds(url: string, token: string, maxPages = 100): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const outcome = await callTrpc(url, token, 'query', 'note.list', { cursor, limit: 50 });
    if (outcome.status !== 200) throw new Error(`note.list answered ${outcome.status ?? outcome.failure}`);
    const data = outcome.data as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...data.items.map((n) => n.id));
    if (data.nextCursor === null) return ids;
    cursor = data.nextCursor;
  }
  throw new Error(`more than ${maxPages} pages of notes`);
}
