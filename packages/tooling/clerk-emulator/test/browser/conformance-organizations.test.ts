import { verifyToken } from '@clerk/backend';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { step } from '@stack/test-kit';
import { closeBrowser, closeContext, closeWithin, launchChromium } from '@stack/test-kit/browser';

import { type ClerkEmulator, startClerkEmulator } from '../../src/index.js';
import { ORG_SEED } from '../helpers.js';
import { type AppServer, startAppServer } from './app-server.js';
import { backendView } from './backend-view.js';
import { ClerkPage } from './clerk-page.js';
import { type InPage, mountOrgComponent, unmountOrgComponent, waitForActiveOrg } from './org-page.js';

// Real clerk-js 6.34.1 + @clerk/ui 1.36.0 (served by the emulator) in Chromium, behind
// @clerk/backend's proxy: the organization components and the clerk-js organization API against
// the emulator's Frontend API, judged by the real authenticateRequest / verifyToken.

const GRACE = { email: 'grace@example.com', password: 'another-long-pass' };
const ALAN = { email: 'alan@example.com', password: 'halting-problem-42' };

type G = { Clerk: InPage; document: InPage };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await closeBrowser(browser);
});

describe('real clerk-js organizations against the emulator', { timeout: 120_000 }, () => {
  let emulator: ClerkEmulator;
  let app: AppServer;
  let graceContext: BrowserContext;
  let alanContext: BrowserContext;
  let grace: ClerkPage;
  let alan: ClerkPage;

  /** The org the backend sees for the browser's cookies once they settle on `orgId`. */
  const settledOrg = async (context: BrowserContext, orgId: string | null) => {
    let last = await backendView(emulator, context, app.url);
    const deadline = Date.now() + 10_000;
    while (last.orgId !== orgId && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      last = await backendView(emulator, context, app.url);
    }
    return last;
  };
  const tokenOrg = async (tab: ClerkPage) => {
    const token = (await tab.getToken())!;
    const claims = await verifyToken(token, { jwtKey: emulator.publicKeyPem, authorizedParties: [app.url] });
    return (claims['o'] as { id?: string } | undefined)?.id ?? null;
  };

  beforeAll(async () => {
    emulator = await startClerkEmulator({ seed: ORG_SEED });
    app = await startAppServer(emulator);
    graceContext = await browser.newContext();
    alanContext = await browser.newContext();
    grace = await ClerkPage.open(graceContext, app.url);
    await grace.signInWithApi(GRACE.email, GRACE.password);
    await grace.waitForUser('user_grace');
  });
  afterAll(async () => {
    await closeContext(graceContext);
    await closeContext(alanContext);
    await closeWithin('app server', () => app?.close());
    await emulator?.close();
  });

  // One journey in two browsers: each step starts where the one before left Grace and Alan.
  it('Grace switches organizations, creates one and manages it; Alan joins, is promoted and removed; Grace leaves and deletes', async () => {
    await step(
      '<OrganizationSwitcher/> lists Grace’s organizations; selecting one (and the personal account) moves the token’s o',
      async () => {
        await waitForActiveOrg(grace.page, 'org_acme');
        await mountOrgComponent(grace.page, 'OrganizationSwitcher', 'switcher', { hidePersonal: false });
        await grace.page.locator('.cl-organizationSwitcherTrigger').click();
        const popover = grace.page.locator('.cl-organizationSwitcherPopoverCard');
        await expect.poll(() => popover.getByText('Globex').count()).toBeGreaterThan(0);
        await popover.getByText('Globex').click();
        await waitForActiveOrg(grace.page, 'org_globex');
        expect(await settledOrg(graceContext, 'org_globex')).toMatchObject({
          status: 'signed-in',
          orgId: 'org_globex',
        });
        expect(await tokenOrg(grace)).toBe('org_globex');

        await grace.page.locator('.cl-organizationSwitcherTrigger').click();
        await grace.page.locator('.cl-organizationSwitcherPopoverCard').getByText('Personal account').click();
        await waitForActiveOrg(grace.page, null);
        expect(await settledOrg(graceContext, null)).toMatchObject({ status: 'signed-in', orgId: null });
        expect(await tokenOrg(grace)).toBeNull();

        // And back through setActive with a slug.
        await grace.page.evaluate(() => (globalThis as unknown as G).Clerk.setActive({ organization: 'acme' }));
        await waitForActiveOrg(grace.page, 'org_acme');
        expect(await tokenOrg(grace)).toBe('org_acme');
        await unmountOrgComponent(grace.page, 'OrganizationSwitcher', 'switcher');
      },
    );

    const createdOrgId = await step(
      '<CreateOrganization/> creates an organization with Grace as admin and makes it active',
      async () => {
        await mountOrgComponent(grace.page, 'CreateOrganization', 'create-org', {
          skipInvitationScreen: true,
          afterCreateOrganizationUrl: '/#created',
        });
        await grace.page.locator('input[name=name]').fill('Initech');
        await grace.page.locator('.cl-formButtonPrimary').click();
        await grace.page.waitForFunction(
          () => (globalThis as unknown as G).Clerk.organization?.name === 'Initech',
          null,
          {
            timeout: 15_000,
          },
        );
        const createdOrgId = await grace.page.evaluate(
          () => (globalThis as unknown as G).Clerk.organization.id as string,
        );
        expect(emulator.organizations.getMembership(createdOrgId, 'user_grace')?.role).toBe('org:admin');
        expect(await tokenOrg(grace)).toBe(createdOrgId);
        await unmountOrgComponent(grace.page, 'CreateOrganization', 'create-org');
        return createdOrgId;
      },
    );

    await step(
      '<OrganizationProfile/> shows the members; rename, roles, invite, list and revoke through clerk-js',
      async () => {
        await mountOrgComponent(grace.page, 'OrganizationProfile', 'org-profile', { routing: 'hash' });
        const profile = grace.page.locator('#org-profile');
        await expect.poll(() => profile.getByText('Initech').count(), { timeout: 15_000 }).toBeGreaterThan(0);
        await profile.locator('.cl-navbarButton').filter({ hasText: 'Members' }).first().click();
        await expect.poll(() => profile.getByText('grace@example.com').count(), { timeout: 15_000 }).toBeGreaterThan(0);
        const result = await grace.page.evaluate(async () => {
          const org = (globalThis as unknown as G).Clerk.organization;
          const renamed = await org.update({ name: 'Initech Labs' });
          const roles = await org.getRoles();
          const members = await org.getMemberships();
          const invitations = await org.inviteMembers({
            emailAddresses: ['alan@example.com', 'zed@example.com'],
            role: 'org:member',
          });
          const pending = await org.getInvitations({ status: ['pending'] });
          const zed = invitations.find((i: InPage) => i.emailAddress === 'zed@example.com');
          const revoked = await zed.revoke();
          return {
            name: renamed.name,
            roles: roles.data.map((r: InPage) => r.key),
            members: members.data.map((m: InPage) => [m.publicUserData.identifier, m.role]),
            pending: pending.total_count ?? pending.totalCount,
            revoked: revoked.status,
          };
        });
        expect(result).toEqual({
          name: 'Initech Labs',
          roles: ['org:admin', 'org:member'],
          members: [['grace@example.com', 'org:admin']],
          pending: 2,
          revoked: 'revoked',
        });
        expect(emulator.organizations.get(createdOrgId)?.name).toBe('Initech Labs');
        await unmountOrgComponent(grace.page, 'OrganizationProfile', 'org-profile');
      },
    );

    await step('Alan accepts the invitation from the switcher; Grace changes his role and removes him', async () => {
      alan = await ClerkPage.open(alanContext, app.url);
      await alan.signInWithApi(ALAN.email, ALAN.password);
      await alan.waitForUser('user_alan');
      await mountOrgComponent(alan.page, 'OrganizationSwitcher', 'switcher');
      await alan.page.locator('.cl-organizationSwitcherTrigger').click();
      const popover = alan.page.locator('.cl-organizationSwitcherPopoverCard');
      await popover.getByRole('button', { name: /join/i }).click();
      await expect
        .poll(() => emulator.organizations.getMembership(createdOrgId, 'user_alan')?.role ?? null, { timeout: 15_000 })
        .toBe('org:member');
      await alan.page.waitForFunction(
        (id) =>
          (globalThis as unknown as G).Clerk.user.organizationMemberships.some((m: InPage) => m.organization.id === id),
        createdOrgId,
        { timeout: 15_000 },
      );
      await alan.page.evaluate(
        (id) => (globalThis as unknown as G).Clerk.setActive({ organization: id }),
        createdOrgId,
      );
      await waitForActiveOrg(alan.page, createdOrgId);
      expect(await tokenOrg(alan)).toBe(createdOrgId);

      const roles = await grace.page.evaluate(async () => {
        const org = (globalThis as unknown as G).Clerk.organization;
        const promoted = await org.updateMember({ userId: 'user_alan', role: 'org:admin' });
        const removed = await org.removeMember('user_alan');
        return [promoted.role, removed.publicUserData.userId];
      });
      expect(roles).toEqual(['org:admin', 'user_alan']);
      expect(emulator.organizations.getMembership(createdOrgId, 'user_alan')).toBeUndefined();
      // Alan's session fell back to the personal account: his next fresh token has no organization.
      const token = await alan.getToken(true);
      const claims = await verifyToken(token!, { jwtKey: emulator.publicKeyPem, authorizedParties: [app.url] });
      expect(claims['o']).toBeUndefined();
    });

    await step(
      'Grace leaves acme, deletes her new organization; no request failed, no script was missing',
      async () => {
        await grace.page.evaluate(() => (globalThis as unknown as G).Clerk.user.leaveOrganization('org_acme'));
        await grace.page.waitForFunction(
          () =>
            !(globalThis as unknown as G).Clerk.user.organizationMemberships.some(
              (m: InPage) => m.organization.id === 'org_acme',
            ),
          null,
          { timeout: 15_000 },
        );
        expect(emulator.organizations.getMembership('org_acme', 'user_grace')).toBeUndefined();
        await grace.page.evaluate(() => (globalThis as unknown as G).Clerk.organization.destroy());
        expect(emulator.organizations.get(createdOrgId)).toBeUndefined();
        await grace.page.evaluate(() => (globalThis as unknown as G).Clerk.setActive({ organization: 'org_globex' }));
        await waitForActiveOrg(grace.page, 'org_globex');
        expect(grace.unexpectedProblems()).toEqual([]);
        expect(alan.unexpectedProblems()).toEqual([]);
        expect(emulator.scripts.missing).toEqual([]);
      },
    );
  });
});
