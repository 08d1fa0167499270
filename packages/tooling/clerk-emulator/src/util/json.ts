/** JSON object type used for metadata and request bodies. */
export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy through JSON so callers can never alias (or smuggle non-JSON values into) the store. */
export function jsonClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Clerk's metadata merge: nested objects merge, `null` deletes a key, anything else replaces.
 * Object.fromEntries defines own properties, so a `__proto__` key stays plain data.
 */
export function deepMergeMetadata(target: JsonObject, patch: JsonObject): JsonObject {
  const merged = new Map<string, unknown>(Object.entries(target));
  for (const [key, value] of Object.entries(patch)) {
    const current = merged.get(key);
    if (value === null) merged.delete(key);
    else if (isPlainObject(value) && isPlainObject(current)) merged.set(key, deepMergeMetadata(current, value));
    else merged.set(key, value);
  }
  return Object.fromEntries(merged);
}

/** Deepest a JSON value may nest; JSON.stringify is recursive and overflows the stack long before JSON.parse does. */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests deeper than `limit` (iterative, so hostile input cannot overflow the stack here). */
export function exceedsDepth(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
