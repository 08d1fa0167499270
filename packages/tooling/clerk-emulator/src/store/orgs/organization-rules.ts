import { jsonClone } from '../../util/json.js';
import { OrganizationStoreError } from './organization-types.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const ORG_ID = /^org_[A-Za-z0-9_-]{1,64}$/;
const NAME_MAX = 256;
export const DEFAULT_MAX_ALLOWED_MEMBERSHIPS = 100;

/** `Acme Inc.` → `acme-inc` */
export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64) || 'organization'
  );
}

/** updated_at must visibly move on even when two writes land in the same millisecond. */
export const later = (previous: number) => Math.max(Date.now(), previous + 1);
/** Records handed out are frozen copies. */
export const freeze = <T>(value: T): T => Object.freeze(jsonClone(value));

export function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > NAME_MAX || /\p{Cc}/u.test(name))
    throw new OrganizationStoreError('invalid', `name must be 1-${NAME_MAX} characters`, 'name');
  return name.trim();
}

export function checkSlug(slug: unknown): string {
  if (typeof slug !== 'string' || !SLUG.test(slug))
    throw new OrganizationStoreError('invalid', 'slug must be lowercase letters, digits and dashes', 'slug');
  return slug;
}

export function checkMaxMemberships(max: number): number {
  if (!Number.isInteger(max) || max < 0)
    throw new OrganizationStoreError(
      'invalid',
      'max_allowed_memberships must be a non-negative integer',
      'max_allowed_memberships',
    );
  return max;
}
