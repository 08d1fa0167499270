/** One entry of Clerk's `{errors:[…]}` error body. */
export interface ClerkErrorItem {
  code: string;
  message: string;
  long_message: string;
  meta: Record<string, unknown>;
}

/** A failure that the HTTP layer renders as a Clerk-shaped error response. */
export class ClerkApiError extends Error {
  readonly status: number;
  readonly errors: ClerkErrorItem[];
  readonly headers: Record<string, string>;
  constructor(status: number, errors: ClerkErrorItem[], headers: Record<string, string> = {}) {
    super(errors[0]?.message ?? `HTTP ${status}`);
    this.name = 'ClerkApiError';
    this.status = status;
    this.errors = errors;
    this.headers = headers;
  }
}

export function errorItem(
  code: string,
  message: string,
  longMessage: string = message,
  meta: Record<string, unknown> = {},
): ClerkErrorItem {
  return { code, message, long_message: longMessage, meta };
}

/** Single-error shortcut. */
export function clerkError(
  status: number,
  code: string,
  message: string,
  longMessage?: string,
  meta?: Record<string, unknown>,
): ClerkApiError {
  return new ClerkApiError(status, [errorItem(code, message, longMessage, meta)]);
}

export function notFound(what: string): ClerkApiError {
  return clerkError(404, 'resource_not_found', 'not found', `${what} not found`);
}

/** 422 naming the parameter, the way Clerk reports form errors. */
export function paramError(
  code:
    | 'form_param_format_invalid'
    | 'form_param_value_invalid'
    | 'form_param_unknown'
    | 'form_param_missing'
    | 'form_identifier_exists',
  param: string,
  longMessage: string,
): ClerkErrorItem {
  const message = {
    form_param_format_invalid: 'is invalid',
    form_param_value_invalid: 'is invalid',
    form_param_unknown: 'is unknown',
    form_param_missing: 'missing data',
    form_identifier_exists: 'That identifier is taken.',
  }[code];
  return errorItem(code, message, longMessage, { param_name: param });
}

/** 405 with the methods the path does answer (both APIs' routers report them). */
export function methodNotAllowed(allowed: readonly string[]): ClerkApiError {
  return new ClerkApiError(
    405,
    [
      {
        code: 'method_not_allowed',
        message: 'method not allowed',
        long_message: `Use one of: ${allowed.join(', ')}.`,
        meta: {},
      },
    ],
    { Allow: allowed.join(', ') },
  );
}
