/** Plain HTTP for what a typed client cannot send: malformed requests, cookies, foreign origins. */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function request(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The tRPC error of a single (non-batch) call. */
export function trpcError(res: RawResponse): { code: string; message: string; data: Record<string, unknown> } {
  const body = res.json as { error?: { message: string; data: { code: string } & Record<string, unknown> } };
  if (!body?.error) throw new Error(`not a tRPC error response: ${res.status} ${res.text.slice(0, 200)}`);
  return { code: body.error.data.code, message: body.error.message, data: body.error.data };
}

export const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;
