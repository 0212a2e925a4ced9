// The console's fleet page in chromium, on one host whose fleet the sync
// assessed (the demo world): the counts per state as the API gives them, the
// bar, the select, the blocker filter and the search narrowing the table with
// the address following (a reload and Back/Forward keep it), a customer's own
// address, a customer whose usage cannot be pulled for want of consent
// (marked, counted, with what to do; the usage filter), the CSV of what is
// shown, and enabling every ready customer in one
// job, followed to its end or cancelled (an AdminAgent's only: a SalesAgent sees no button).
// axe and screenshots at 1280 and 390 px on each page.
//
// Screenshots of each view at 1280 and 390 px are kept in test-artifacts/console
// under CI=true or SCREENSHOTS=1 (test/browser/screens.ts).
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { syncFleet } from '../helpers/fleetSync';
import { browserSuite } from './browserSuite';
import { fleetNames, fleetShown, hashOf, signIn } from './consolePage';

const STATES: Array<[string, string]> = [
    ['on', 'On'], ['on-credits-first', 'On, credits pay first'], ['ready', 'Ready to enable'], ['blocked', 'Blocked'],
    ['owned-by-another-partner', 'Managed by another partner'], ['not-eligible', 'Not eligible'],
];

/** Litware's fleet grows past a page (100): outlets of a customer holding only SKUs without overage (not eligible: the sync reads little for each). */
const OUTLETS = 112;
function withOutlets(world: any): void {
    const coho = world.customers.find((c: any) => c.name === 'Coho Winery');
    const hex = (base: number, i: number) => (base + i).toString().padStart(12, '0');
    for (let i = 1; i <= OUTLETS; i++) {
        const c = structuredClone(coho);
        c.tenantId = `10000000-0000-4000-8000-${hex(100_000, i)}`;
        c.name = `Litware Outlet ${String(i).padStart(3, '0')}`;
        c.scenario = 'Not eligible, one of many (the fleet page\'s paging).';
        c.azure.entitlements = c.azure.entitlements.map((e: any, n: number) => ({ ...e, id: `30000000-0000-4000-8000-${hex(100_000 + n * 1000, i)}` }));
        c.subscriptions = c.subscriptions.map((sub: any, n: number) => ({ ...sub, id: `20000000-0000-4000-8000-${hex(100_000 + n * 1000, i)}`, partnerId: '1002' }));
        world.customers.push(c);
    }
}

/** A host whose jobs run one customer at a time, each enablement taking a second or so: a cancel finds customers not yet started. */
function startSlowHost(): Promise<AppHost> {
    process.env.JOB_CONCURRENCY = '1';
    process.env.JOB_POLL_MS = '200';
    return startAppHost({ edit: (world: any) => { withOutlets(world); world.delays.overageUpdateMs = 1000; } });
}

browserSuite('the fleet page in chromium', { shots: 'console', host: startSlowHost }, (s) => {
    let app: AppHost;
    const admin = (url: string) => app.as('contosoAdmin')('GET', url);
    const check = (page: Page, name: string) => s.check(page, name);

    beforeAll(async () => {
        app = s.host;
        await syncFleet(app);
    });
    afterAll(async () => {
        delete process.env.JOB_CONCURRENCY;
        delete process.env.JOB_POLL_MS;
    });

    /** The table's state badges, in words. */
    const badges = (page: Page) => page.locator('.fleet-table tbody td[data-label="State"]').allTextContents().then((t) => t.map((b) => b.replace(/^\S+\s/, '').trim()));

    /** The names the API lists for these filters, in its order. */
    async function apiNames(query: string): Promise<string[]> {
        const r = await admin(`/api/readiness${query}`);
        expect(r.status).toBe(200);
        return r.json.items.map((i: any) => i.name);
    }

    test('the counts per state are the API\'s; the bar and the select filter the table, the address follows, a reload keeps it, Back and Forward walk it', async () => {
        const fleet = (await admin('/api/readiness')).json;
        const { page, errors, close } = await s.open();
        try {
            await signIn(page, app.url, 'admin@contoso-telecom.example');
            expect(new URL(page.url()).hash).toBe('');
            // the legend says each state's count in words, and the whole fleet's
            for (const [state, words] of STATES) {
                const entry = page.locator('.legend li').filter({ has: page.locator(`[data-state="${state}"]`) });
                expect(await entry.textContent()).toBe(`${words}${fleet.counts[state]}`);
            }
            expect(await page.locator('[data-state="total"]').textContent()).toBe(String(fleet.counts.total));
            expect(fleet.counts.blocked).toBeGreaterThan(0);
            expect(fleet.counts.ready).toBeGreaterThan(0);
            expect(await fleetNames(page)).toEqual(fleet.items.map((i: any) => i.name));
            expect(await page.getByText(/^Assessed (just now|\d+ minutes? ago)$/).count()).toBe(1);
            // who pays now, in words only
            const payers = await page.locator('.fleet-table td[data-label="Who pays now"]').allTextContents();
            expect(payers.filter((w) => !['Overage (post-paid)', 'Communications Credits', 'Nobody: calls beyond the included minutes are refused'].includes(w))).toEqual([]);
            await check(page, 'fleet');

            // a segment of the bar (the mouse's way; the legend's links are the keyboard's): the blocked customers, the address says so
            const segment = page.locator('.stacked a.segment.state-blocked');
            expect(await segment.getAttribute('title')).toBe(`Blocked: ${fleet.counts.blocked} ${fleet.counts.blocked === 1 ? 'customer' : 'customers'}`);
            await segment.click();
            await page.waitForFunction(() => (globalThis as any).location.hash === '#/fleet?state=blocked');
            await fleetShown(page);
            const blocked = await apiNames('?state=blocked');
            expect(blocked.length).toBe(fleet.counts.blocked);
            expect(await fleetNames(page)).toEqual(blocked);
            expect(new Set(await badges(page))).toEqual(new Set(['Blocked']));
            expect(await page.getByRole('combobox', { name: 'State' }).inputValue()).toBe('blocked');
            // each blocker in words, with what was found and what to do
            const proseware = page.getByRole('row').filter({ hasText: 'Proseware' });
            expect(await proseware.locator('.fleet-blockers li').first().textContent()).toMatch(/^GDAP access missing.+What to do: .+/);
            await check(page, 'fleet-blocked');

            // a reload keeps the filter
            await page.reload();
            await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor();
            await fleetShown(page);
            expect(hashOf(page)).toBe('#/fleet?state=blocked');
            expect(await fleetNames(page)).toEqual(blocked);
            expect(await page.getByRole('combobox', { name: 'State' }).inputValue()).toBe('blocked');

            // the select: the ready ones
            await page.getByRole('combobox', { name: 'State' }).selectOption('ready');
            await page.waitForFunction(() => (globalThis as any).location.hash === '#/fleet?state=ready');
            await fleetShown(page);
            expect(await fleetNames(page)).toEqual(await apiNames('?state=ready'));
            expect(new Set(await badges(page))).toEqual(new Set(['Ready to enable']));

            // Back: the blocked ones again; Back: the whole fleet; Forward twice: the ready ones
            await page.goBack();
            await page.waitForFunction(() => (globalThis as any).location.hash === '#/fleet?state=blocked');
            await fleetShown(page);
            expect(await fleetNames(page)).toEqual(blocked);
            expect(await page.getByRole('combobox', { name: 'State' }).inputValue()).toBe('blocked');
            await page.goBack();
            await page.waitForFunction(() => (globalThis as any).location.hash === '');
            await fleetShown(page);
            expect((await fleetNames(page)).length).toBe(fleet.items.length);
            await page.goForward();
            await page.goForward();
            await page.waitForFunction(() => (globalThis as any).location.hash === '#/fleet?state=ready');
            await fleetShown(page);
            expect(new Set(await badges(page))).toEqual(new Set(['Ready to enable']));

            // the legend's links, by keyboard: to the customers whose credits still pay first
            await page.getByRole('link', { name: `On, credits pay first ${fleet.counts['on-credits-first']}` }).focus();
            await page.keyboard.press('Enter');
            await page.waitForFunction(() => (globalThis as any).location.hash === '#/fleet?state=on-credits-first');
            await fleetShown(page);
            expect(await fleetNames(page)).toEqual(await apiNames('?state=on-credits-first'));
            expect(await page.getByRole('link', { name: /^On, credits pay first/ }).getAttribute('aria-current')).toBe('true');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('the blocker filter and the search narrow the table, a deep link opens filtered, a customer has an address of its own', async () => {
        const { page, errors, close } = await s.open();
        try {
            await signIn(page, app.url, 'admin@contoso-telecom.example');
            // the blocker select offers the codes present in the whole fleet, in words, with how many customers have each
            const blocker = page.getByRole('combobox', { name: 'Blocker' });
            const offered = await blocker.locator('option').allTextContents();
            const counts = (await app.as('contosoAdmin')('GET', '/api/readiness?limit=1')).json.blockerCounts;
            expect(offered).toEqual(expect.arrayContaining([`GDAP access missing (${counts['gdap-missing']})`, `Conditional Access blocks the app (${counts['conditional-access-blocked']})`, `Azure location policy blocks it (${counts['location-policy-blocked']})`]));
            expect(offered).toHaveLength(Object.keys(counts).length + 1);
            await blocker.selectOption({ label: `GDAP access missing (${counts['gdap-missing']})` });
            await page.waitForFunction(() => (globalThis as any).location.hash === '#/fleet?blocker=gdap-missing');
            await fleetShown(page);
            expect(await fleetNames(page)).toEqual(await apiNames('?blocker=gdap-missing'));
            expect(await fleetNames(page)).toContain('Proseware');

            // the search: by name, typed (the address is replaced, not stacked), then by tenant id
            await page.getByRole('combobox', { name: 'Blocker' }).selectOption('');
            await page.waitForFunction(() => (globalThis as any).location.hash === '#/fleet');
            await page.getByRole('searchbox', { name: 'Search' }).fill('wood');
            await page.waitForFunction(() => (globalThis as any).location.hash === '#/fleet?q=wood');
            await fleetShown(page);
            expect(await fleetNames(page)).toEqual(['Woodgrove Bank']);
            await page.getByRole('searchbox', { name: 'Search' }).fill(CUSTOMERS.lucerne);
            await page.keyboard.press('Enter');
            await page.waitForFunction((id) => (globalThis as any).location.hash === `#/fleet?q=${id}`, CUSTOMERS.lucerne);
            await fleetShown(page);
            expect(await fleetNames(page)).toEqual(['Lucerne Publishing']);
            await check(page, 'fleet-search');

            // a deep link with all three filters, straight from the address bar
            await page.goto(`${app.url}/api/console#/fleet?state=blocked&blocker=gdap-missing&q=pros`);
            await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor();
            await fleetShown(page);
            expect(await fleetNames(page)).toEqual(['Proseware']);
            expect(await page.getByRole('combobox', { name: 'State' }).inputValue()).toBe('blocked');
            expect(await page.getByRole('combobox', { name: 'Blocker' }).inputValue()).toBe('gdap-missing');
            expect(await page.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('pros');
            await page.getByRole('link', { name: 'Clear filters' }).click();
            await page.waitForFunction(() => (globalThis as any).location.hash === '#/fleet');
            await fleetShown(page);

            // a customer: its own address; back to the fleet lands on its link
            await page.getByRole('link', { name: 'Proseware', exact: true }).click();
            await page.getByRole('heading', { level: 1, name: 'Proseware' }).waitFor();
            expect(hashOf(page)).toBe(`#/customers/${CUSTOMERS.proseware}`);
            await page.goBack();
            await fleetShown(page);
            await page.waitForFunction(() => (globalThis as any).document.activeElement?.textContent === 'Proseware');
            // and opened by its address, after a reload
            await page.goto(`${app.url}/api/console#/customers/${CUSTOMERS.fabrikam}`);
            await page.getByRole('heading', { level: 1, name: 'Fabrikam' }).waitFor();
            await page.locator('#diag-h + p').waitFor();
            await page.getByRole('link', { name: '← Fleet' }).click();
            await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor();
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('a customer whose admin never consented to the app reading its calls is marked, counted above the table, with what to do in words; the usage filter', async () => {
        // Alpine Ski House's admin never consented: its pull meets Graph's 403
        expect((await app.as('contosoAdmin')('POST', `/api/customers/${CUSTOMERS.alpine}/usage/pull`)).json).toMatchObject({ code: 'consent-missing' });
        const alpine = (await admin('/api/readiness?usage=consent-missing')).json.items;
        expect(alpine.map((i: any) => i.name)).toEqual(['Alpine Ski House']);
        const { page, errors, close } = await s.open();
        try {
            await signIn(page, app.url, 'admin@contoso-telecom.example');
            // above the table: how many, in words, and a link to them
            const notice = page.getByRole('note').filter({ hasText: 'consent' });
            expect(await notice.textContent()).toMatch(/1 customer: the app holds no consent to read its calls from Microsoft Graph, so its usage is not pulled\./);
            await notice.getByRole('link', { name: 'Show it, with what to do' }).click();
            await page.waitForFunction(() => (globalThis as any).location.hash === '#/fleet?usage=consent-missing');
            await fleetShown(page);
            expect(await fleetNames(page)).toEqual(['Alpine Ski House']);
            expect(await page.getByRole('combobox', { name: 'Usage' }).inputValue()).toBe('consent-missing');
            // the row: the mark in words (not colour alone) and the API's remedy
            const cell = page.getByRole('row').filter({ hasText: 'Alpine Ski House' }).locator('td[data-label="Usage"]');
            expect((await cell.locator('.badge').textContent())?.trim()).toBe('! Consent missing');
            expect(await cell.locator('.remedy').textContent()).toBe(`What to do: ${alpine[0].usage.remedy}`);
            expect(await page.getByRole('note').count()).toBe(0); // the notice leads here; here it has nothing to add
            await check(page, 'fleet-consent-missing');

            // the select offers every usage state with the fleet's counts; Any shows the whole fleet again
            const counts = (await admin('/api/readiness?limit=1')).json.usageCounts;
            expect(await page.getByRole('combobox', { name: 'Usage' }).locator('option').allTextContents()).toEqual([
                'Any', `Pulled daily (${counts.ok})`, `Consent missing (${counts['consent-missing']})`, `Last pull failed (${counts.failed})`, `Not pulled yet (${counts['not-pulled']})`,
            ]);
            await page.getByRole('combobox', { name: 'Usage' }).selectOption('');
            await page.waitForFunction(() => (globalThis as any).location.hash === '#/fleet');
            await fleetShown(page);
            expect(await fleetNames(page)).toEqual(await apiNames(''));
            const fabrikam = page.getByRole('row').filter({ hasText: 'Fabrikam' }).locator('td[data-label="Usage"]');
            expect((await fabrikam.textContent())?.trim()).toBe('– Not pulled yet');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('Export CSV downloads the API\'s CSV of the filters shown', async () => {
        const { page, errors, close } = await s.open();
        try {
            await signIn(page, app.url, 'admin@contoso-telecom.example', '#/fleet?state=blocked');
            const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
            const file = fs.readFileSync((await download.path())!, 'utf8');
            const expected = await admin('/api/readiness.csv?state=blocked');
            expect(expected.status).toBe(200);
            expect(file.split(/\r?\n/)[0]).toBe(expected.text.split(/\r?\n/)[0]);
            expect(file).toBe(expected.text);
            expect(download.suggestedFilename()).toMatch(/\.csv$/);
            await page.getByRole('status').filter({ hasText: `saved ${download.suggestedFilename()}` }).waitFor();
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('a fleet longer than a page: Show more reads the next one, focus goes on to the first customer it added', async () => {
        const fleet = (await app.as('litwareAdmin')('GET', '/api/readiness')).json;
        expect(fleet.matched).toBeGreaterThan(100);
        const { page, errors, close } = await s.open();
        try {
            await signIn(page, app.url, 'admin@litware-voice.example');
            expect(await fleetNames(page)).toEqual(fleet.items.map((i: any) => i.name));
            expect(await page.getByRole('status').filter({ hasText: `${fleet.matched} customers in the fleet, 100 shown` }).count()).toBe(1);
            await page.getByRole('button', { name: `Show more (${fleet.matched - 100} more)` }).click();
            const next = (await app.as('litwareAdmin')('GET', `/api/readiness?continuationToken=${fleet.continuationToken}`)).json;
            await page.waitForFunction((name) => (globalThis as any).document.activeElement?.textContent === name, next.items[0].name);
            expect(await fleetNames(page)).toEqual([...fleet.items, ...next.items].map((i: any) => i.name));
            expect(await page.getByRole('button', { name: /^Show more/ }).count()).toBe(0);
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('an indirect provider sees the reseller each customer was sold through', async () => {
        const fleet = (await app.as('tailspinAdmin')('GET', '/api/readiness')).json;
        const sold = fleet.items.filter((i: any) => i.reseller);
        expect(sold.length).toBeGreaterThan(0);
        const { page, errors, close } = await s.open();
        try {
            await signIn(page, app.url, 'admin@tailspin-distribution.example');
            await page.getByRole('columnheader', { name: 'Reseller' }).waitFor();
            for (const i of sold) {
                expect(await page.getByRole('row').filter({ hasText: i.name }).locator('td[data-label="Reseller"]').textContent()).toBe(i.reseller.name ?? `Partner ${i.reseller.partnerId}`);
            }
            await check(page, 'fleet-indirect-provider');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('a SalesAgent reads the fleet but sees no enable-all button', async () => {
        const { page, errors, close } = await s.open();
        try {
            await signIn(page, app.url, 'sales@contoso-telecom.example');
            expect(Number(await page.locator('[data-state="ready"]').textContent())).toBeGreaterThan(0);
            expect(await page.getByRole('button', { name: /^Enable all ready customers/ }).count()).toBe(0);
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    // these two last: they enable ready customers
    test('a job cancelled while it runs: the customers not yet started are skipped, the fleet is read again', async () => {
        const ready: number = (await admin('/api/readiness')).json.counts.ready;
        expect(ready).toBeGreaterThan(2);
        const { page, errors, close } = await s.open();
        try {
            await signIn(page, app.url, 'admin@contoso-telecom.example');
            await page.getByRole('button', { name: `Enable all ready customers (${ready})` }).click();
            await page.getByRole('dialog').getByRole('button', { name: `Enable ${ready} customers` }).click();
            const job = page.getByRole('region', { name: 'Enabling ready customers' });
            await job.getByRole('button', { name: 'Cancel job' }).click();
            await job.getByRole('status').filter({ hasText: /^Cancelled: \d+ of \d+ customers done/ }).waitFor({ timeout: 30_000 });
            expect(await job.textContent()).toContain('Cancelled by admin@contoso-telecom.example');
            const outcomes = (await job.locator('td[data-label="Result"]').allTextContents()).map((o) => o.replace(/^\S+\s/, '').trim());
            expect(outcomes.length).toBe(ready);
            expect(outcomes.filter((o) => o === 'Skipped').length).toBeGreaterThan(0);
            expect(outcomes.filter((o) => !['Enabled', 'Skipped', 'Blocked', 'Refused', 'Failed'].includes(o))).toEqual([]);
            // the fleet follows: as many ready as the API says now, the skipped ones among them
            const now = (await admin('/api/readiness')).json.counts.ready;
            expect(now).toBe(ready - outcomes.filter((o) => o === 'Enabled').length);
            await page.locator('[data-state="ready"]').filter({ hasText: new RegExp(`^${now}$`) }).waitFor();
            await check(page, 'fleet-job-cancelled');
            expect(await job.getByRole('button', { name: 'Cancel job' }).count()).toBe(0);
            await job.getByRole('button', { name: 'Close the results' }).click();
            await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'fleet-h');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });


    test('enable all ready customers: a confirmation, then the job\'s progress and each customer\'s result to its end, then fewer ready', async () => {
        const before = (await admin('/api/readiness?state=ready')).json;
        const ready: number = before.counts.ready;
        expect(ready).toBeGreaterThan(0);
        const { page, errors, close } = await s.open();
        const keys: string[] = [];
        page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/jobs/enablements')) keys.push(r.headers()['idempotency-key']); });
        try {
            await signIn(page, app.url, 'admin@contoso-telecom.example');
            const open = page.getByRole('button', { name: `Enable all ready customers (${ready})` });
            await open.click();
            const dialog = page.getByRole('dialog', { name: `Enable overage for ${ready} ${ready === 1 ? 'customer' : 'customers'}?` });
            await dialog.waitFor();
            expect(await dialog.textContent()).toContain('Each gets a new Azure subscription for its overage charges');
            await check(page, 'fleet-enable-all-confirm');
            // Escape: nothing started
            await page.keyboard.press('Escape');
            await dialog.waitFor({ state: 'hidden' });
            expect(keys).toEqual([]);
            await open.click();
            await dialog.getByRole('button', { name: `Enable ${ready} ${ready === 1 ? 'customer' : 'customers'}` }).click();

            // the job, followed: focus on its heading, a progress bar, a live summary, each customer's result
            const job = page.getByRole('region', { name: 'Enabling ready customers' });
            await job.waitFor();
            await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'job-h');
            expect(keys.length).toBe(1);
            expect(keys[0]).toMatch(/^[0-9a-f-]{16,}$/);
            await job.getByRole('progressbar', { name: 'Customers done' }).waitFor();
            await job.getByRole('status').filter({ hasText: /^Completed: \d+ of \d+ customers? done/ }).waitFor({ timeout: 60_000 });
            const rows = job.getByRole('table', { name: 'Each customer’s result' }).locator('tbody tr');
            expect(await rows.count()).toBe(ready);
            const outcomes = await rows.locator('td[data-label="Result"]').allTextContents();
            expect(outcomes.filter((o) => !/(Enabled|Blocked|Refused|Failed|Skipped)$/.test(o.trim()))).toEqual([]);
            expect(outcomes.some((o) => o.trim().endsWith('Enabled'))).toBe(true);
            expect(await job.getByRole('progressbar').getAttribute('value')).toBe(String(ready));
            expect(await job.getByRole('button', { name: 'Cancel job' }).count()).toBe(0);

            // the fleet is read again: fewer ready customers, and the counts are the API's
            const after = (await admin('/api/readiness')).json;
            expect(after.counts.ready).toBeLessThan(ready);
            await page.locator('[data-state="ready"]').filter({ hasText: new RegExp(`^${after.counts.ready}$`) }).waitFor();
            await check(page, 'fleet-enable-all-done');
            await job.getByRole('button', { name: 'Close the results' }).click();
            await job.waitFor({ state: 'detached' });
            // and the page says so without the job: the last run of each enabled customer
            await page.getByRole('row').filter({ hasText: 'Fabrikam' }).locator('td[data-label="Last run"]').filter({ hasText: /^Enabled/ }).waitFor();
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });
});
