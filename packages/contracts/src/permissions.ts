/**
 * The app's permission model, declared once. Procedures, REST decorators, the emulator's roles and
 * the tests all use these names, so asking for a permission that does not exist fails to compile.
 *
 * Custom permissions are `org:<feature>:<permission>`; only they are carried in Clerk session
 * tokens (Clerk never puts `org:sys_*` system permissions into a token, so a server-side check on
 * one would always be false: they are deliberately not part of `AppPermission`).
 */
export const APP_FEATURES = {
  notes: ['read', 'manage'],
} as const;

type Features = typeof APP_FEATURES;

/** `org:notes:read` | `org:notes:manage`. */
export type AppPermission = {
  [F in keyof Features]: `org:${F & string}:${Features[F][number]}`;
}[keyof Features];

export type AppRole = 'org:admin' | 'org:member';

export interface RoleDefinition {
  key: AppRole;
  name: string;
  description: string;
  /**
   * Custom permissions: in the session token of a member with this role. Clerk's system permissions
   * (`org:sys_*`, gating its own organization UI) are Clerk's defaults for these roles, not the app's.
   */
  permissions: readonly AppPermission[];
}

export const APP_ROLES: readonly RoleDefinition[] = [
  {
    key: 'org:admin',
    name: 'Admin',
    description: 'Manages the organization, its members and its notes',
    permissions: ['org:notes:read', 'org:notes:manage'],
  },
  {
    key: 'org:member',
    name: 'Member',
    description: 'Reads the organization’s notes',
    permissions: ['org:notes:read'],
  },
];

/** Every custom permission name, e.g. for the emulator's feature list (`fea`). */
export const APP_PERMISSIONS: readonly AppPermission[] = Object.entries(APP_FEATURES).flatMap(([feature, names]) =>
  names.map((name) => `org:${feature}:${name}` as AppPermission),
);
