// The console's addresses in chromium (issue 23, observations 6 to 8): a
// customer, one of its runs, one of its handovers and one of its months each
// have an address that a reload keeps, Back and Forward walk; a past run
// reopens from the customer's list with its audit trail; a handover the
// customer declines through the mailed link turns "declined" in the list on
// the same page, without leaving it; an address that names nothing says "not
// found" with the way back. axe and screenshots at 1280 and 390 px, no
// console error.
//
// Screenshots of each view at 1280 and 390 px are kept in test-artifacts/console
// under CI=true or SCREENSHOTS=1 (test/browser/screens.ts).
import type { Page } from 'playwright-core';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { syncFleet } from '../helpers/fleetSync';
import { handoverClient } from '../helpers/handovers';
import { LUCERNE } from '../helpers/approvalLinks';
import { browserSuite } from './browserSuite';
import { hashOf, signIn } from './consolePage';

const PROSEWARE = CUSTOMERS.proseware;

browserSuite('the console\'s addresses in chromium', { shots: 'console', host: () => startAppHost() }, (s) => {
    let app: AppHost;
    const check = (page: Page, name: string) => s.check(page, name);

    beforeAll(async () => {
        app = s.host;
        await app.setClock('2026-12-05T10:00:00Z');
        // the customer's page names it from the fleet view
        await syncFleet(app);
    }, 120_000);

    /** Signs in as Contoso's AdminAgent, then opens `hash`. */
    async function openAt(page: Page, hash: string): Promise<void> {
        await signIn(page, app.url, 'admin@contoso-telecom.example');
        await page.goto(`${app.url}/api/console${hash}`);
    }

    const customerShown = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

    test('a past run reopens from the customer\'s list with its audit trail; a reload keeps it; Back and Forward walk the addresses', async () => {
        // a run of Contoso's on Proseware, ended (blocked: Proseware has no GDAP relationship)
        const started = await app.as('contosoAdmin')('POST', `/api/customers/${PROSEWARE}/overage/enablements`, { service: 'PhoneServices', azureEntitlementId: 'new' });
        expect(started.status).toBe(202);
        const run = await app.finish(started.headers.get('location')!);
        expect(run).toMatchObject({ status: 'completed', result: 'blocked' });
        const { page, errors, close } = await s.open();
        try {
            await openAt(page, `#/customers/${PROSEWARE}`);
            await customerShown(page, 'Proseware');
            const runs = page.getByRole('region', { name: 'Runs' });
            const link = runs.getByRole('link', { name: /^Enable overage, / });
            await link.first().waitFor();
            expect(await link.count()).toBe(1);
            expect(await runs.locator('li').first().innerText()).toMatch(/^Enable overage, .+ · Blocked: GDAP access missing$/);
            // the "Last run" fact leads to the same run
            expect(await page.locator('.last-run a').getAttribute('href')).toBe(`#/customers/${PROSEWARE}/runs/${run.id}`);
            await check(page, 'routes-customer-runs');

            await link.click();
            expect(hashOf(page)).toBe(`#/customers/${PROSEWARE}/runs/${run.id}`);
            const panel = page.getByRole('region', { name: 'The run' });
            await panel.locator('.run').waitFor();
            expect(await panel.locator(`.run .copy-id[data-id="${run.id}"]`).count()).toBe(1);
            await panel.getByRole('button', { name: 'Show the audit trail' }).click();
            const events = panel.locator('.events li');
            await events.first().waitFor();
            const audit = (await app.as('contosoAdmin')('GET', `/api/customers/${PROSEWARE}/overage/audit?runId=${run.id}`)).json.items;
            expect(await events.count()).toBe(audit.length);
            expect(await runs.locator('a[aria-current="page"]').count()).toBe(1);
            await check(page, 'routes-run');

            // a reload opens the same run on the same customer
            await page.reload();
            await customerShown(page, 'Proseware');
            await page.getByRole('region', { name: 'The run' }).locator('.run').waitFor();
            expect(await page.getByRole('region', { name: 'The run' }).locator(`.run .copy-id[data-id="${run.id}"]`).count()).toBe(1);

            // Back: the customer without the run; Forward: the run again
            await page.goBack();
            await page.waitForFunction(() => (globalThis as any).location.hash.endsWith('-000000000009'));
            await customerShown(page, 'Proseware');
            await page.getByRole('region', { name: 'The run' }).waitFor({ state: 'detached' });
            await page.goForward();
            await page.getByRole('region', { name: 'The run' }).locator('.run').waitFor();
            expect(hashOf(page)).toBe(`#/customers/${PROSEWARE}/runs/${run.id}`);
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('a month: the picker goes to its address, not rated yet with rating offered; a reload keeps it; Back returns to the customer, Forward to the month', async () => {
        const { page, errors, close } = await s.open();
        // a month not rated yet is a 404 of the API, read again on reload and Forward; the page says "not rated" instead
        try {
            await openAt(page, `#/customers/${LUCERNE.tenantId}`);
            await customerShown(page, LUCERNE.name);
            const picker = page.getByRole('form', { name: 'Open a month' });
            await picker.getByLabel('Another month').fill('2026-10');
            await picker.getByRole('button', { name: 'Open the month' }).click();
            const heading = page.getByRole('heading', { level: 1, name: /^October 2026/ });
            await heading.waitFor();
            expect(hashOf(page)).toBe(`#/customers/${LUCERNE.tenantId}/accruals/2026-10`);
            const accrual = page.getByRole('region', { name: 'Accrual' });
            await accrual.locator('.not-rated').waitFor();
            expect(await accrual.locator('.not-rated').innerText()).toBe('October 2026 has not been rated for this customer yet.');
            expect(await page.getByRole('button', { name: 'Rate this month' }).count()).toBe(1);
            await check(page, 'routes-month-not-rated');

            await page.reload();
            await heading.waitFor();
            await accrual.locator('.not-rated').waitFor();

            await page.goBack();
            await customerShown(page, LUCERNE.name);
            expect(hashOf(page)).toBe(`#/customers/${LUCERNE.tenantId}`);
            await page.goForward();
            await heading.waitFor();
            // the month's own links: the one before and the one after
            await page.getByRole('navigation', { name: 'Other months' }).getByRole('link', { name: /November 2026/ }).click();
            await page.getByRole('heading', { level: 1, name: /^November 2026/ }).waitFor();
            expect(hashOf(page)).toBe(`#/customers/${LUCERNE.tenantId}/accruals/2026-11`);
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('an address that names nothing says "not found" with the way back, never a crash', async () => {
        const { page, errors, close, expectRefusal } = await s.open();
        // the run id below names no run: the API's 404 is what the page turns into "not found"
        expectRefusal({ method: 'GET', path: `/api/customers/${LUCERNE.tenantId}/overage/runs/no-such-run`, status: 404 });
        try {
            await openAt(page, `#/customers/${LUCERNE.tenantId}/accruals/2026-13`);
            await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
            expect(await page.getByRole('main').innerText()).toContain('a month the console can show (a month is written YYYY-MM)');
            await check(page, 'routes-not-found');
            await page.getByRole('link', { name: 'Back to the customer' }).click();
            await customerShown(page, LUCERNE.name);

            // a run id of the right form that is no run of the caller's partner: said on the customer's page
            await page.goto(`${app.url}/api/console#/customers/${LUCERNE.tenantId}/runs/no-such-run`);
            const panel = page.getByRole('region', { name: 'The run' });
            await panel.getByRole('alert').waitFor();
            expect(await panel.innerText()).toContain('Not found. Your partner has no run with this id for this customer.');
            expect(await panel.getByRole('link', { name: 'Back to the customer' }).getAttribute('href')).toBe(`#/customers/${LUCERNE.tenantId}`);

            await page.goto(`${app.url}/api/console#/customers/not-a-tenant`);
            await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
            await page.getByRole('link', { name: 'Back to the fleet' }).click();
            await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor();
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('a handover started opens at its address, a reload keeps it; the customer declines through the mailed link and the list on the same page turns declined', async () => {
        const c = handoverClient(app);
        const { page, errors, close } = await s.open();
        let self: string | undefined;
        try {
            await openAt(page, `#/customers/${LUCERNE.tenantId}`);
            await customerShown(page, LUCERNE.name);
            const form = page.getByRole('form', { name: 'Hand over to another partner' });
            await form.getByRole('combobox', { name: 'New partner' }).locator('option[value="1002"]').waitFor({ state: 'attached' });
            await form.getByRole('combobox', { name: 'New partner' }).selectOption({ label: LUCERNE.litware.name });
            // a subscription Litware named (the form's default is a new one)
            await form.getByRole('radio', { name: 'A subscription the new partner named' }).check();
            await form.getByRole('textbox', { name: 'Its Azure subscription id' }).fill(LUCERNE.litware.subscription);
            await form.getByRole('button', { name: 'Start the handover' }).click();
            await page.waitForFunction(() => /\/handovers\/[A-Za-z0-9-]+$/.test((globalThis as any).location.hash));
            const id = hashOf(page).split('/').pop()!;
            self = `/api/customers/${LUCERNE.tenantId}/overage/handovers/${id}`;
            const view = page.getByRole('region', { name: `Handing over to ${LUCERNE.litware.name}` });
            await view.locator('.handover-status', { hasText: 'Waiting for answers' }).waitFor();
            // its id a click away, not in the heading
            expect(await view.getByRole('button', { name: 'Copy handover id' }).count()).toBe(1);

            await page.reload();
            await customerShown(page, LUCERNE.name);
            await view.locator('.handover-status', { hasText: 'Waiting for answers' }).waitFor();
            const item = page.getByRole('region', { name: 'Handovers' }).getByRole('listitem').filter({ has: page.locator(`a[href$="/handovers/${id}"]`) });
            await item.locator('.badge', { hasText: 'Waiting for answers' }).waitFor();
            expect(await item.getByRole('button', { name: 'Cancel this handover' }).count()).toBe(1);
            await check(page, 'routes-handover');

            // the customer's admin opens the link mailed to it and declines, in another tab
            const links = await c.links(id, { currentPartner: LUCERNE.contoso.contact, newPartner: LUCERNE.litware.contact, customer: LUCERNE.contact });
            const customerTab = await page.context().newPage();
            await customerTab.goto(links.customer);
            await customerTab.getByRole('button', { name: 'Decline' }).click();
            await customerTab.getByRole('status').waitFor();
            await customerTab.close();

            // the console's page follows: the open handover and the list say declined, with nothing left to cancel; no navigation
            const before = page.url();
            await view.locator('.handover-status', { hasText: 'declined' }).waitFor({ timeout: 20_000 });
            await item.locator('.badge', { hasText: 'declined' }).waitFor({ timeout: 10_000 });
            expect(await page.getByRole('button', { name: 'Cancel this handover' }).count()).toBe(0);
            expect(await item.innerText()).toContain('customer: Declined');
            expect(page.url()).toBe(before);
            await check(page, 'routes-handover-declined');
            expect(errors).toEqual([]);
        } finally {
            await close();
            // the customer holds one handover at a time: let this one's run end before the host stops
            if (self) await c.ended(self).catch(() => undefined);
        }
    });
});
