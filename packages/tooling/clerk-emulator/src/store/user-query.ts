import type { EmulatedUser, UserFilter } from './user-types.js';

export function matchesFilter(user: EmulatedUser, filter: UserFilter): boolean {
  if (filter.emailAddresses?.length) {
    const wanted = filter.emailAddresses.map((e) => e.toLowerCase());
    if (!wanted.includes(user.email.toLowerCase())) return false;
  }
  if (filter.userIds?.length && !filter.userIds.includes(user.id)) return false;
  if (filter.usernames?.length && (user.username === null || !filter.usernames.includes(user.username))) return false;
  if (filter.externalIds?.length && (user.externalId === null || !filter.externalIds.includes(user.externalId)))
    return false;
  if (filter.query) {
    const q = filter.query.toLowerCase();
    const haystack = [user.id, user.email, user.firstName, user.lastName, user.username].filter(
      (v): v is string => v !== null,
    );
    if (!haystack.some((v) => v.toLowerCase().includes(q))) return false;
  }
  return true;
}

/** Comparator for `order_by`; 0 lets the caller fall back to insertion order. */
export function compareUsers(a: EmulatedUser, b: EmulatedUser, orderBy: UserFilter['orderBy']): number {
  const { field, direction } = orderBy ?? { field: 'created_at', direction: 'desc' };
  const key = (u: EmulatedUser): string | number => {
    switch (field) {
      case 'created_at':
        return u.createdAt;
      case 'updated_at':
        return u.updatedAt;
      case 'email_address':
        return u.email.toLowerCase();
      case 'first_name':
        return (u.firstName ?? '').toLowerCase();
      case 'last_name':
        return (u.lastName ?? '').toLowerCase();
      case 'username':
        return u.username ?? '';
    }
  };
  const ka = key(a);
  const kb = key(b);
  const cmp = ka < kb ? -1 : ka > kb ? 1 : 0;
  return direction === 'asc' ? cmp : -cmp;
}
