import { OrganizationSwitcher, Show, SignInButton, SignUpButton, UserButton } from '@clerk/nextjs';
import Link from 'next/link';

/** Navigation and the Clerk controls that fit the visitor's state. */
export function SiteHeader() {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        stack
      </Link>
      <nav>
        <Link href="/profile">Profile</Link>
        <Link href="/organization">Organization</Link>
        <Link href="/notes">Notes</Link>
      </nav>
      <div className="session">
        {/* Clerk Core 3 replaced <SignedIn>/<SignedOut> with <Show when=…>. */}
        <Show when="signed-out">
          <SignInButton>
            <button type="button" className="button secondary">
              Sign in
            </button>
          </SignInButton>
          <SignUpButton>
            <button type="button" className="button">
              Sign up
            </button>
          </SignUpButton>
        </Show>
        <Show when="signed-in">
          {/* The personal account stays selectable; the profile opens on our /organization page. */}
          <OrganizationSwitcher
            hidePersonal={false}
            organizationProfileMode="navigation"
            organizationProfileUrl="/organization"
            afterCreateOrganizationUrl="/organization"
          />
          <UserButton />
        </Show>
      </div>
    </header>
  );
}
