import { clerkError, paramError } from '../../http/clerk-error.js';
import { FieldErrors } from '../../http/field-errors.js';
import { isPlainObject, type JsonObject } from '../../util/json.js';

export { FieldErrors };

/** Clerk's per-field metadata limit. */
const METADATA_MAX_BYTES = 8 * 1024;

/** The body must be a JSON object (an absent body counts as `{}`). */
export function requireObjectBody(body: unknown): JsonObject {
  if (body === undefined) return {};
  if (!isPlainObject(body))
    throw clerkError(400, 'malformed_request', 'malformed request', 'The request body must be a JSON object.');
  return body;
}

export function rejectUnknownParams(body: JsonObject, allowed: readonly string[], errors: FieldErrors): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key))
      errors.add(paramError('form_param_unknown', key, `${key} is not a recognized parameter`));
  }
}

interface StringRule {
  min?: number;
  max: number;
  pattern?: RegExp;
  patternHint?: string;
}

/** undefined = absent; null only when `nullable`. Records an error and returns undefined on bad input. */
export function stringParam(
  body: JsonObject,
  key: string,
  rule: StringRule & { nullable: true },
  errors: FieldErrors,
): string | null | undefined;
export function stringParam(
  body: JsonObject,
  key: string,
  rule: StringRule & { nullable?: false },
  errors: FieldErrors,
): string | undefined;
export function stringParam(
  body: JsonObject,
  key: string,
  rule: StringRule & { nullable?: boolean },
  errors: FieldErrors,
): string | null | undefined {
  if (!(key in body)) return undefined;
  const value = body[key];
  if (value === null && rule.nullable) return null;
  if (typeof value !== 'string') {
    errors.add(
      paramError('form_param_format_invalid', key, `${key} must be a string${rule.nullable ? ' or null' : ''}`),
    );
    return undefined;
  }
  if (value.length > rule.max || value.length < (rule.min ?? 0)) {
    errors.add(
      paramError(
        'form_param_format_invalid',
        key,
        `${key} must be between ${rule.min ?? 0} and ${rule.max} characters long`,
      ),
    );
    return undefined;
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    errors.add(paramError('form_param_format_invalid', key, `${key} ${rule.patternHint ?? 'has an invalid format'}`));
    return undefined;
  }
  return value;
}

export function booleanParam(body: JsonObject, key: string, errors: FieldErrors): boolean | undefined {
  if (!(key in body)) return undefined;
  const value = body[key];
  if (typeof value === 'boolean') return value;
  errors.add(paramError('form_param_format_invalid', key, `${key} must be a boolean`));
  return undefined;
}

export function integerParam(
  body: JsonObject,
  key: string,
  range: { min: number; max: number },
  errors: FieldErrors,
): number | undefined {
  if (!(key in body) || body[key] === null) return undefined;
  const value = body[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    errors.add(
      paramError('form_param_format_invalid', key, `${key} must be an integer between ${range.min} and ${range.max}`),
    );
    return undefined;
  }
  return value;
}

/** A metadata object under the size limit; `null` is accepted only when `nullable`. */
export function metadataParam(
  body: JsonObject,
  key: string,
  errors: FieldErrors,
  nullable: true,
): JsonObject | null | undefined;
export function metadataParam(
  body: JsonObject,
  key: string,
  errors: FieldErrors,
  nullable?: false,
): JsonObject | undefined;
export function metadataParam(
  body: JsonObject,
  key: string,
  errors: FieldErrors,
  nullable = false,
): JsonObject | null | undefined {
  if (!(key in body)) return undefined;
  const value = body[key];
  if (value === null && nullable) return null;
  if (!isPlainObject(value)) {
    errors.add(paramError('form_param_format_invalid', key, `${key} must be a JSON object`));
    return undefined;
  }
  if (Buffer.byteLength(JSON.stringify(value)) > METADATA_MAX_BYTES) {
    errors.add(paramError('form_param_format_invalid', key, `${key} must not exceed ${METADATA_MAX_BYTES} bytes`));
    return undefined;
  }
  return value;
}
