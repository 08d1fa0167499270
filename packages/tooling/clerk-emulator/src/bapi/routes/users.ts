import { notFound } from '../../http/clerk-error.js';
import type { EmulatedUser } from '../../store/user-types.js';
import { deepMergeMetadata, type JsonObject } from '../../util/json.js';
import type { BapiDeps } from '../deps.js';
import type { RouteDefinition, RouteRequest } from '../router.js';
import { toUserJson } from '../serialize/user-json.js';
import { FieldErrors } from '../validation/body-fields.js';
import { parsePage, parseUserFilter } from '../validation/list-params.js';
import { type MetadataRequest, parseMetadataBody, parseUpdateUserBody } from '../validation/update-user-body.js';
import { callStore } from './user-store-errors.js';

type Metadata = { publicMetadata: JsonObject; privateMetadata: JsonObject; unsafeMetadata: JsonObject };

export function userRoutes(deps: BapiDeps): RouteDefinition[] {
  const { users, sessions } = deps;
  // Users without an image of their own get the emulator's local avatar, not a Clerk CDN URL.
  const userJson = (user: EmulatedUser) => toUserJson(user, deps.defaultImageUrl(), deps.lockedForSeconds(user.id));

  const requireUser = (request: RouteRequest) => {
    const user = users.get(request.params['userId'] ?? '');
    if (!user) throw notFound('user');
    return user;
  };

  const metadataRoute =
    (combine: (current: JsonObject, change: JsonObject | null) => JsonObject) => (request: RouteRequest) => {
      const change = parseMetadataBody(request.body);
      const user = requireUser(request);
      const apply = (key: keyof MetadataRequest, current: Metadata) =>
        key in change ? combine(current[key], change[key] ?? null) : current[key];
      const updated = users.updateMetadata(user.id, (current) => ({
        publicMetadata: apply('publicMetadata', current),
        privateMetadata: apply('privateMetadata', current),
        unsafeMetadata: apply('unsafeMetadata', current),
      }));
      return { status: 200, body: userJson(updated) };
    };

  return [
    {
      name: 'listUsers',
      method: 'GET',
      path: '/users',
      // This SDK version expects a bare array here (it fetches the total from /users/count).
      handler: ({ query }) => {
        const errors = new FieldErrors();
        const filter = parseUserFilter(query, errors);
        const { limit, offset } = parsePage(query, errors);
        errors.throwIfAny();
        return {
          status: 200,
          body: users
            .list(filter)
            .slice(offset, offset + limit)
            .map(userJson),
        };
      },
    },
    {
      name: 'countUsers',
      method: 'GET',
      path: '/users/count',
      handler: ({ query }) => {
        const errors = new FieldErrors();
        const filter = parseUserFilter(query, errors);
        errors.throwIfAny();
        return { status: 200, body: { object: 'total_count', total_count: users.list(filter).length } };
      },
    },
    {
      name: 'getUser',
      method: 'GET',
      path: '/users/:userId',
      handler: (request) => ({ status: 200, body: userJson(requireUser(request)) }),
    },
    {
      name: 'updateUser',
      method: 'PATCH',
      path: '/users/:userId',
      handler: async (request) => {
        // Validate before the lookup so a bad body is a 422 even for a missing user, like Clerk's form errors.
        const { patch, signOutOfOtherSessions } = parseUpdateUserBody(request.body);
        const user = requireUser(request);
        const updated = await callStore(() => users.update(user.id, patch));
        if (signOutOfOtherSessions) sessions.endAllForUser(user.id);
        return { status: 200, body: userJson(updated) };
      },
    },
    {
      name: 'deleteUser',
      method: 'DELETE',
      path: '/users/:userId',
      handler: (request) => {
        const user = requireUser(request);
        // Memberships first: their webhooks embed the member's public data.
        deps.orgs.removeUser(user.id);
        users.delete(user.id);
        sessions.endAllForUser(user.id);
        return { status: 200, body: { object: 'user', id: user.id, deleted: true } };
      },
    },
    // Deep merge; `null` deletes a key (a top-level null clears the field).
    {
      name: 'updateUserMetadata',
      method: 'PATCH',
      path: '/users/:userId/metadata',
      handler: metadataRoute((current, change) => (change === null ? {} : deepMergeMetadata(current, change))),
    },
    // Replace each given field in full.
    {
      name: 'replaceUserMetadata',
      method: 'PUT',
      path: '/users/:userId/metadata',
      handler: metadataRoute((_current, change) => change ?? {}),
    },
  ];
}
