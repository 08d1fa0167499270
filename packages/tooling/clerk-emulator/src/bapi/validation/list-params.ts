import { paramError } from '../../http/clerk-error.js';
import type { UserFilter, UserOrderField } from '../../store/user-types.js';
import type { FieldErrors } from './body-fields.js';

const ORDER_FIELDS: readonly UserOrderField[] = [
  'created_at',
  'updated_at',
  'email_address',
  'first_name',
  'last_name',
  'username',
];
const MAX_VALUES_PER_FILTER = 100;

export interface Page {
  limit: number;
  offset: number;
}

/** `limit` (1-500, default 10) and `offset` (≥ 0), as Clerk's paginated endpoints take them. */
export function parsePage(query: URLSearchParams, errors: FieldErrors): Page {
  return {
    limit: integerQuery(query, 'limit', 1, 500, errors) ?? 10,
    offset: integerQuery(query, 'offset', 0, Number.MAX_SAFE_INTEGER, errors) ?? 0,
  };
}

/** Query of `GET /v1/users` and `/v1/users/count` (the SDK repeats a key for each array value). */
export function parseUserFilter(query: URLSearchParams, errors: FieldErrors): UserFilter {
  const filter: UserFilter = {};
  const multi = (key: string): string[] | undefined => {
    const values = query.getAll(key).filter((v) => v !== '');
    if (values.length > MAX_VALUES_PER_FILTER)
      errors.add(
        paramError('form_param_value_invalid', key, `at most ${MAX_VALUES_PER_FILTER} ${key} values are allowed`),
      );
    return values.length > 0 ? values : undefined;
  };
  const emailAddresses = multi('email_address');
  const userIds = multi('user_id');
  const usernames = multi('username');
  const externalIds = multi('external_id');
  if (emailAddresses) filter.emailAddresses = emailAddresses;
  if (userIds) filter.userIds = userIds;
  if (usernames) filter.usernames = usernames;
  if (externalIds) filter.externalIds = externalIds;
  const q = query.get('query');
  if (q) filter.query = q;
  const orderBy = query.get('order_by');
  if (orderBy) {
    const match = /^([+-]?)([a-z_]+)$/.exec(orderBy);
    const field = match?.[2] as UserOrderField | undefined;
    if (!match || !field || !ORDER_FIELDS.includes(field)) {
      errors.add(
        paramError(
          'form_param_value_invalid',
          'order_by',
          `order_by must be one of ${ORDER_FIELDS.join(', ')}, optionally prefixed with + or -`,
        ),
      );
    } else {
      filter.orderBy = { field, direction: match[1] === '+' ? 'asc' : 'desc' };
    }
  }
  return filter;
}

function integerQuery(
  query: URLSearchParams,
  key: string,
  min: number,
  max: number,
  errors: FieldErrors,
): number | undefined {
  const raw = query.get(key);
  if (raw === null || raw === '') return undefined;
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    errors.add(paramError('form_param_format_invalid', key, `${key} must be an integer between ${min} and ${max}`));
    return undefined;
  }
  return value;
}
