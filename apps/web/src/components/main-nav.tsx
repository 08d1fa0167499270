'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** The app's sections, in the order the navigation shows them. */
const SECTIONS = [
  { href: '/', label: 'Home' },
  { href: '/notes', label: 'Notes' },
  { href: '/organization', label: 'Organization' },
  { href: '/profile', label: 'Profile' },
] as const;

const isCurrent = (pathname: string, href: string) =>
  href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);

/**
 * The signed-in navigation: the current section is marked for sight (underline, colour) and for
 * assistive technology (`aria-current="page"`). `layout` picks the desktop row or the phone's tab bar.
 */
export function MainNav({ layout }: { layout: 'inline' | 'tabs' }) {
  const pathname = usePathname();
  // One of the two is displayed at a time (the other is `display: none`, so out of the accessibility tree).
  const shown = layout === 'inline' ? 'hidden md:block' : 'border-t border-line md:hidden';
  const list = layout === 'inline' ? 'flex items-center gap-1' : 'grid grid-cols-4';
  const item =
    layout === 'inline'
      ? 'rounded-lg px-3 py-2 text-sm font-medium text-muted no-underline hover:bg-surface-muted hover:text-fg hover:no-underline aria-[current=page]:text-fg aria-[current=page]:bg-surface-muted'
      : 'flex min-h-11 items-center justify-center border-b-2 border-transparent px-1 text-[13px] font-medium text-muted no-underline hover:text-fg hover:no-underline aria-[current=page]:border-primary aria-[current=page]:text-fg';
  return (
    <nav aria-label="Main" className={shown}>
      <ul className={list} role="list">
        {SECTIONS.map(({ href, label }) => (
          <li key={href} className="contents">
            <Link href={href} className={item} aria-current={isCurrent(pathname, href) ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
