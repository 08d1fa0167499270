/** A webhook endpoint's URL, parsed once: http or https only. */
export function parseEndpoint(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new TypeError(`webhook endpoint must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new TypeError(`webhook endpoint must be an http(s) URL, got ${JSON.stringify(url)}`);
  return target;
}

/** An attempt's failure as the log shows it: the error code first when the message lacks it. */
export function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}
