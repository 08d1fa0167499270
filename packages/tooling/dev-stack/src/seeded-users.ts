import { DEV_SEED } from '@stack/test-harness';

const orgName = (id: string) => DEV_SEED.organizations.find((org) => org.id === id)?.name ?? id;
const roleName = (key: string) => DEV_SEED.roles.find((role) => role.key === key)?.name.toLowerCase() ?? key;

/** One line per seeded user: email, password, name and organizations (the README's table). */
export function seededUserLines(): string[] {
  const width = Math.max(...DEV_SEED.users.map((u) => u.email.length));
  const passwordWidth = Math.max(...DEV_SEED.users.map((u) => u.password.length));
  return DEV_SEED.users.map((user) => {
    const memberships: readonly { organization: string; role: string }[] =
      'memberships' in user ? user.memberships : [];
    const orgs =
      memberships.length === 0
        ? 'no organization'
        : memberships.map((m) => `${roleName(m.role)} of ${orgName(m.organization)}`).join(', ');
    return `${user.email.padEnd(width)}  ${user.password.padEnd(passwordWidth)}  ${user.firstName} ${user.lastName}, ${orgs}`;
  });
}
