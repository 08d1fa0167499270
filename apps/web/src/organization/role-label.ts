import { APP_ROLES } from '@stack/contracts';

/** A role as people read it: "Admin" for `org:admin`; a custom role by its key without the prefix. */
export const roleLabel = (role: string | null): string =>
  APP_ROLES.find((r) => r.key === role)?.name ?? (role ?? '').replace(/^org:/, '');
