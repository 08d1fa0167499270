/** The app's mark (the favicon's shape): decorative next to the name. */
export function BrandMark() {
  return (
    <svg viewBox="0 0 32 32" width="24" height="24" aria-hidden="true" className="shrink-0">
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <path d="M9 11h14M9 16h14M9 21h9" className="stroke-primary-fg" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}
