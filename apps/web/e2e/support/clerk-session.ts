import type { Page } from 'playwright-core';

type ClerkWindow = {
  Clerk: { setActive(params: { organization: string | null }): Promise<void> };
};

/**
 * Makes `organization` (null: the personal account) the session's active one with Clerk's own
 * `setActive`, as the organization switcher does. It refuses to run while clerk-js has no client
 * yet (just after a load): retried, bounded.
 */
export async function setActiveOrganization(page: Page, organization: string | null): Promise<void> {
  await page.evaluate(async (org) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await (window as unknown as ClerkWindow).Clerk.setActive({ organization: org });
      } catch (error) {
        if (attempt >= 40) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }, organization);
}
