/**
 * The app's few visual building blocks as Tailwind class strings: one place decides what a button,
 * a card or a field looks like, in both colour schemes.
 */

const BUTTON_BASE =
  'inline-flex min-h-10 items-center justify-center gap-2 rounded-lg px-4 text-sm font-medium whitespace-nowrap no-underline transition-colors hover:no-underline disabled:cursor-not-allowed disabled:opacity-60';

const BUTTON_VARIANTS = {
  primary: 'bg-primary text-primary-fg hover:bg-primary-hover',
  secondary: 'border border-line bg-surface text-fg hover:bg-surface-muted',
  ghost: 'text-fg hover:bg-surface-muted',
  danger: 'border border-line bg-surface text-danger hover:bg-danger-soft',
} as const;

export type ButtonVariant = keyof typeof BUTTON_VARIANTS;

export const buttonClass = (variant: ButtonVariant = 'primary', extra = '') =>
  `${BUTTON_BASE} ${BUTTON_VARIANTS[variant]} ${extra}`.trim();

export const cardClass = (extra = '') =>
  `rounded-xl border border-line bg-surface p-5 shadow-sm sm:p-6 ${extra}`.trim();

export const fieldClass =
  'w-full rounded-lg border border-line bg-field px-3 py-2 text-base text-fg placeholder:text-muted aria-invalid:border-danger sm:text-sm';

export const labelClass = 'grid gap-1.5 text-sm font-medium';

export const fieldErrorClass = 'text-sm font-normal text-danger';

/** A row of actions that wraps on narrow screens instead of overflowing. */
export const actionsClass = 'flex flex-wrap items-center gap-3';
