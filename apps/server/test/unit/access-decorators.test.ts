import { describe, expect, it } from 'vitest';

import { RequirePermission } from '../../src/auth/access.decorators.js';

// Compile-time tests (`pnpm typecheck` fails if a line marked @ts-expect-error compiles): the REST
// decorator takes the same declared permission names as tRPC's permissionProcedure.
describe('@RequirePermission only takes the app’s declared permissions', () => {
  it('accepts declared permissions and refuses system, unknown and empty lists', () => {
    expect(RequirePermission('org:notes:manage')).toBeTypeOf('function');
    expect(RequirePermission('org:notes:read', 'org:notes:manage')).toBeTypeOf('function');
    const refused = [
      // @ts-expect-error system permissions are never in a session token
      () => RequirePermission('org:sys_memberships:read'),
      // @ts-expect-error a permission the app does not declare
      () => RequirePermission('org:notes:delete'),
      // @ts-expect-error at least one permission
      () => RequirePermission(),
    ];
    expect(refused).toHaveLength(3);
  });
});
