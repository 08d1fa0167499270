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
