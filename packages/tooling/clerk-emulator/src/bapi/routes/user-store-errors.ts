import { ClerkApiError, notFound, paramError } from '../../http/clerk-error.js';
import { UserStoreError } from '../../store/user-types.js';

/** Runs a store call, turning its typed failures into Clerk-shaped HTTP errors. */
export async function callStore<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof UserStoreError)) throw err;
    if (err.code === 'not_found') throw notFound('user');
    const param = err.param ?? 'body';
    const code = err.code === 'identifier_exists' ? 'form_identifier_exists' : 'form_param_format_invalid';
    throw new ClerkApiError(422, [paramError(code, param, err.message)]);
  }
}
