import type { ClerkProvider } from '@clerk/nextjs';
import type { ComponentProps } from 'react';

type Appearance = NonNullable<ComponentProps<typeof ClerkProvider>['appearance']>;

/**
 * Clerk's components in the app's colours: the same CSS variables as the Tailwind theme
 * (globals.css), so they follow the system's light or dark scheme with the rest of the page.
 * Clerk's styles sit in the `clerk` CSS layer, under Tailwind's utilities.
 */
export const clerkAppearance: Appearance = {
  cssLayerName: 'clerk',
  variables: {
    colorPrimary: 'var(--primary)',
    colorPrimaryForeground: 'var(--primary-fg)',
    colorBackground: 'var(--surface)',
    colorForeground: 'var(--fg)',
    colorMuted: 'var(--surface-muted)',
    colorMutedForeground: 'var(--muted)',
    colorInput: 'var(--field)',
    colorInputForeground: 'var(--fg)',
    colorNeutral: 'var(--fg)',
    colorBorder: 'var(--line)',
    colorDanger: 'var(--danger)',
    colorSuccess: 'var(--success)',
    colorRing: 'var(--ring)',
    colorModalBackdrop: 'color-mix(in srgb, black, transparent 45%)',
    fontFamily: 'var(--font-geist-sans), ui-sans-serif, system-ui, sans-serif',
    borderRadius: '0.5rem',
  },
  elements: {
    // A long organization name must not push the header past a phone's width.
    organizationSwitcherTrigger: 'max-w-[10rem] sm:max-w-[16rem] px-2 py-1.5 rounded-lg hover:bg-surface-muted',
    organizationPreviewTextContainer: 'min-w-0',
    organizationPreviewMainIdentifier: 'truncate',
    userButtonTrigger: 'rounded-full',
    userButtonAvatarBox: 'size-8',
    cardBox: 'shadow-sm border border-line',
  },
};
