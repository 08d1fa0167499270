import type { OrganizationStore } from '../store/orgs/organization-store.js';
import { DEFAULT_IMAGE_URL, type UserStore } from '../store/user-store.js';

/** Path (under the emulator, reached through the app's proxy) of the avatar shown for users without an image. */
export const AVATAR_PATH = '/img/avatar.svg';

/** What the Frontend API serializers need besides the records themselves. */
export interface FapiView {
  readonly users: UserStore;
  readonly orgs: OrganizationStore;
  /** A user's or organization's image as the browser may load it (never a Clerk CDN). */
  imageUrl(url: string): string;
}

/**
 * The default avatar is served by the emulator itself, at the URL the browser reaches it by:
 * through the app's proxy (`Clerk-Proxy-Url`) or directly.
 */
export function createView(users: UserStore, orgs: OrganizationStore, publicBase: string): FapiView {
  return { users, orgs, imageUrl: (url) => (url === DEFAULT_IMAGE_URL ? publicBase + AVATAR_PATH : url) };
}
