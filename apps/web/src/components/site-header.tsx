import { Show, SignInButton, SignUpButton, UserButton } from '@clerk/nextjs';
import Link from 'next/link';

import { BrandMark } from './brand-mark';
import { MainNav } from './main-nav';
import { OrganizationSwitcher } from './organization-switcher';
import { buttonClass } from './ui/styles';

/**
 * Navigation and the Clerk controls that fit the visitor's state. On a phone the sections move to a
 * tab bar under the top row, so the brand, the organization switcher and the avatar menu (sign-out)
 * always fit on screen.
 */
export function SiteHeader() {
  return (
    <header className="border-b border-line bg-surface">
      <div className="mx-auto flex h-14 w-full max-w-5xl items-center gap-2 px-3 sm:gap-4 sm:px-4">
        <Link
          href="/"
          className="flex shrink-0 items-center gap-2 font-mono text-base font-bold text-fg no-underline hover:no-underline"
        >
          <BrandMark />
          <span>stack</span>
        </Link>
        <Show when="signed-in">
          <MainNav layout="inline" />
        </Show>
        <div className="ml-auto flex min-w-0 items-center gap-1 sm:gap-2">
          {/* Clerk Core 3 replaced <SignedIn>/<SignedOut> with <Show when=…>. */}
          <Show when="signed-out">
            <SignInButton>
              <button type="button" className={buttonClass('ghost', 'px-3')}>
                Sign in
              </button>
            </SignInButton>
            <SignUpButton>
              <button type="button" className={buttonClass('primary', 'px-3')}>
                Sign up
              </button>
            </SignUpButton>
          </Show>
          <Show when="signed-in">
            <OrganizationSwitcher />
            <UserButton />
          </Show>
        </div>
      </div>
      <Show when="signed-in">
        <MainNav layout="tabs" />
      </Show>
    </header>
  );
}
