import { describe, expect, it } from 'vitest';

import { CallerSlots } from '../../src/rate-limit/caller-slots.js';

describe('CallerSlots: a few requests of one caller at a time, the rest in turn', () => {
  it('lets `limit` in at once, queues the rest in order, and does not hold up other callers', async () => {
    const slots = new CallerSlots(2);
    const a = slots.enter('user:a') as () => void;
    const b = slots.enter('user:a') as () => void;
    expect(typeof a).toBe('function');
    const order: string[] = [];
    const third = (slots.enter('user:a') as Promise<() => void>).then((release) => (order.push('third'), release));
    const fourth = (slots.enter('user:a') as Promise<() => void>).then((release) => (order.push('fourth'), release));
    expect(typeof slots.enter('user:b')).toBe('function'); // someone else: straight in
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    a(); // releasing twice frees one slot only
    const releaseThird = await third;
    expect(order).toEqual(['third']);
    b();
    (await fourth)();
    releaseThird();
    expect(slots.size).toBe(1); // user:a is forgotten once idle; user:b still holds its slot
  });
});
