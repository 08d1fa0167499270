/** One server-sent event as it came over the wire. */
export interface SseFrame {
  /**
   * `message` unless the frame named another (tRPC: `connected`, `ping`, `serialized-error`,
   * `return`); `retry` for a block carrying only a `retry:` field (it dispatches nothing in a
   * browser, it sets the reconnection delay).
   */
  event: string;
  data: string;
  id?: string;
  /** The `retry:` field, in ms. */
  retry?: number;
}

/**
 * Parses a `text/event-stream` body as it arrives: `field: value` lines, a blank line ending each
 * frame, comments (`:`) skipped, several `data` lines joined by a newline (the WHATWG rules).
 */
export async function* sseFrames(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseFrame> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.search(/\r?\n\r?\n/); end >= 0; end = buffer.search(/\r?\n\r?\n/)) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const frame = parseBlock(block);
      if (frame) yield frame;
    }
  }
}

function parseBlock(block: string): SseFrame | null {
  let event = 'message';
  const data: string[] = [];
  let id: string | undefined;
  let retry: number | undefined;
  for (const line of block.split(/\r?\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  }
  if (data.length === 0 && event === 'message') return retry === undefined ? null : { event: 'retry', data: '', retry };
  return {
    event,
    data: data.join('\n'),
    ...(id !== undefined ? { id } : {}),
    ...(retry !== undefined ? { retry } : {}),
  };
}
