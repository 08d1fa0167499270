import type { UserProfile } from '@stack/contracts';

/** The person's name as entered ("Ada Lovelace"), or null when they have none yet. */
export const fullName = (profile: Pick<UserProfile, 'firstName' | 'lastName'>): string | null =>
  [profile.firstName, profile.lastName].filter(Boolean).join(' ') || null;

/** What to call them when there is no name: their email address, never "unknown". */
export const displayName = (profile: Pick<UserProfile, 'firstName' | 'lastName' | 'email'>): string =>
  fullName(profile) ?? profile.email ?? 'you';
