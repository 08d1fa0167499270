import { describe, expect, expectTypeOf, it } from 'vitest';

import type { AppPermission } from '@stack/contracts';

import { permissionProcedure } from '../../src/index.js';

// Compile-time tests: `pnpm typecheck` fails if a line marked @ts-expect-error compiles.
describe('permissionProcedure only takes the app’s declared permissions', () => {
  it('accepts org:notes:read and org:notes:manage', () => {
    expectTypeOf<AppPermission>().toEqualTypeOf<'org:notes:read' | 'org:notes:manage'>();
    expect(permissionProcedure('org:notes:read')).toBeDefined();
    expect(permissionProcedure('org:notes:manage')).toBeDefined();
  });

  it('rejects a system permission (never in a session token) and an unknown one', () => {
    const refused = [
      // @ts-expect-error system permissions are not in session tokens, so a check on one is always false
      () => permissionProcedure('org:sys_memberships:read'),
      // @ts-expect-error a permission the app does not declare
      () => permissionProcedure('org:notes:delete'),
      // @ts-expect-error unprefixed names are not AppPermissions either
      () => permissionProcedure('notes:manage'),
    ];
    expect(refused).toHaveLength(3);
  });
});
