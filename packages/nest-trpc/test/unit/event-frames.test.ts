import { tracked } from '@trpc/server';
import { describe, expect, it } from 'vitest';

import { createFramer } from '../../src/sse/event-frames.js';

describe('createFramer', () => {
  const counting = () => {
    const seen: unknown[] = [];
    const frame = createFramer((value) => {
      seen.push(value);
      return value;
    });
    return { frame, seen };
  };
  const text = (framed: Buffer | string) => framed.toString();

  it('frames tracked and plain values as tRPC does', () => {
    const { frame } = counting();
    expect(text(frame(tracked('7', { a: 1 })))).toBe('data: {"a":1}\nid: 7\n\n\n');
    expect(text(frame('plain'))).toBe('data: "plain"\n\n\n');
  });

  it('serializes a frozen value once for every stream it is yielded to under the same id', () => {
    const { frame, seen } = counting();
    const change = Object.freeze({ kind: 'created', n: 1 });
    const first = frame(tracked('1', change));
    for (let stream = 0; stream < 999; stream++) expect(frame(tracked('1', change))).toBe(first);
    expect(seen).toHaveLength(1);
    // Under another id it is framed anew.
    expect(text(frame(tracked('2', change)))).toBe('data: {"kind":"created","n":1}\nid: 2\n\n\n');
    expect(seen).toHaveLength(2);
  });

  it('serializes a value that is not frozen every time: it may have changed in between', () => {
    const { frame, seen } = counting();
    const state = { n: 1 };
    expect(text(frame(tracked('1', state)))).toContain('"n":1');
    state.n = 2;
    expect(text(frame(tracked('1', state)))).toContain('"n":2');
    expect(seen).toHaveLength(2);
  });

  it('lets a serialization error through to the caller (the stream’s error event)', () => {
    const { frame } = counting();
    const broken = Object.freeze({
      toJSON() {
        throw new Error('cannot');
      },
    });
    expect(() => frame(tracked('1', broken))).toThrow('cannot');
  });
});
