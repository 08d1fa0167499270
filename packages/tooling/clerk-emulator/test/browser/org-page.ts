import type { Page } from 'playwright-core';

// clerk-js runs in the page and its types are not loaded here; tests call its documented methods.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type InPage = any;

export type OrgComponent = 'OrganizationSwitcher' | 'CreateOrganization' | 'OrganizationProfile';

/** Mounts an organization component into a fresh element with `id` (the stand-in page has none for them). */
export function mountOrgComponent(
  page: Page,
  component: OrgComponent,
  id: string,
  props: Record<string, unknown> = {},
): Promise<void> {
  return page.evaluate(
    ([name, elementId, properties]) => {
      const g = globalThis as unknown as { Clerk: InPage; document: InPage };
      const el = g.document.createElement('div');
      el.id = elementId;
      g.document.querySelector('main').append(el);
      g.Clerk[`mount${name}`](el, properties);
    },
    [component, id, props] as const,
  );
}

export function unmountOrgComponent(page: Page, component: OrgComponent, id: string): Promise<void> {
  return page.evaluate(
    ([name, elementId]) => {
      const g = globalThis as unknown as { Clerk: InPage; document: InPage };
      const el = g.document.getElementById(elementId);
      g.Clerk[`unmount${name}`](el);
      el.remove();
    },
    [component, id] as const,
  );
}

/** Waits until clerk-js has `orgId` active. */
export async function waitForActiveOrg(page: Page, orgId: string | null): Promise<void> {
  await page.waitForFunction(
    (want) => ((globalThis as unknown as { Clerk: InPage }).Clerk.organization?.id ?? null) === want,
    orgId,
    { timeout: 15_000 },
  );
}
