import { paramError } from '../http/clerk-error.js';
import type { FieldErrors } from '../http/field-errors.js';

export interface TextRule {
  /** Longest accepted value (characters). */
  max: number;
  /** Absent or empty is a `form_param_missing` error. */
  required?: boolean;
}

/**
 * Typed access to a form body. Every problem is recorded in `errors` (so one 422 lists them all)
 * and the accessor returns undefined; clerk-js sends extra keys (locale, tab_state, …), which are ignored.
 */
export class FormFields {
  readonly #fields: ReadonlyMap<string, readonly string[]>;

  constructor(fields: ReadonlyMap<string, readonly string[]>) {
    this.#fields = fields;
  }

  has(name: string): boolean {
    return this.#fields.has(name);
  }

  /** One value or undefined when absent; a repeated key is an error. */
  raw(name: string, errors: FieldErrors): string | undefined {
    const values = this.#fields.get(name);
    if (!values || values.length === 0) return undefined;
    if (values.length > 1) {
      errors.add(paramError('form_param_format_invalid', name, `${name} must be given once`));
      return undefined;
    }
    return values[0];
  }

  text(name: string, rule: TextRule, errors: FieldErrors): string | undefined {
    const value = this.raw(name, errors);
    if (value === undefined || value === '') {
      if (rule.required && !this.#repeated(name))
        errors.add(paramError('form_param_missing', name, `${name} is required`));
      return value === '' && !rule.required ? '' : undefined;
    }
    if (value.length > rule.max) {
      errors.add(paramError('form_param_format_invalid', name, `${name} must be at most ${rule.max} characters long`));
      return undefined;
    }
    return value;
  }

  /** Every value of a repeated key (clerk-js sends arrays as `key=a&key=b`); [] when absent. */
  values(name: string): readonly string[] {
    return this.#fields.get(name) ?? [];
  }

  #repeated(name: string): boolean {
    return (this.#fields.get(name)?.length ?? 0) > 1;
  }
}
