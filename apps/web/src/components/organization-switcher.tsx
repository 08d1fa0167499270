'use client';

import { OrganizationSwitcher as ClerkOrganizationSwitcher } from '@clerk/nextjs';
import { useEffect, useRef } from 'react';

const TRIGGER = '.cl-organizationSwitcherTrigger';

/**
 * Clerk's trigger shows the active organization's name ("Acme Inc") but is labelled "Open
 * organization switcher", so someone using speech input cannot press it by the name they see
 * (WCAG 2.5.3, axe `label-content-name-mismatch`). This puts the visible name at the start of its
 * label each time Clerk renders it: "Acme Inc, open organization switcher".
 */
function nameTheTrigger(root: HTMLElement): void {
  const trigger = root.querySelector(TRIGGER);
  const visible = trigger?.textContent?.trim();
  const label = trigger?.getAttribute('aria-label');
  if (!trigger || !visible || !label || label.startsWith(visible)) return;
  trigger.setAttribute('aria-label', `${visible}, ${label.charAt(0).toLowerCase()}${label.slice(1)}`);
}

/** The header's organization switcher (personal account included; the profile opens on /organization). */
export function OrganizationSwitcher() {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = root.current;
    if (!element) return;
    const observer = new MutationObserver(() => nameTheTrigger(element));
    observer.observe(element, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['aria-label'],
    });
    nameTheTrigger(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={root} className="flex min-w-0">
      <ClerkOrganizationSwitcher
        hidePersonal={false}
        organizationProfileMode="navigation"
        organizationProfileUrl="/organization"
        afterCreateOrganizationUrl="/organization"
      />
    </div>
  );
}
