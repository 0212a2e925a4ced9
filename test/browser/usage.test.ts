// Usage and the month on a customer's page in chromium (issue 23, observation
// 10), on one host whose clock stands at 2026-12-05 10:00 UTC. Contoso's
// AdminAgent uploads a small usage report of Lucerne Publishing's November
// with one bad row: all or nothing, the summary says nothing was imported and
// the bad row is listed (line, column, reason); with "skip the bad ones" the
// good rows go in. Then it rates November: the run's progress shows, then
// "Done" and the customer's figures for the month. A SalesAgent reads the
// usage state and is offered none of the actions. axe and screenshots at 1280
// and 390 px; no console error on any page. Alpine Ski House's tenant never
// consented to the app reading its calls: "Pull now" turns its state to
// consent missing, with what its admin does in words.
//
// Screenshots of each view at 1280 and 390 px are kept in test-artifacts/console
// under CI=true or SCREENSHOTS=1 (test/browser/screens.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { syncFleet } from '../helpers/fleetSync';
import { browserSuite } from './browserSuite';
import { signIn } from './consolePage';
import { putDemoRates } from '../helpers/demoRates';

const LUCERNE = CUSTOMERS.lucerne;
const NOW = '2026-12-05T10:00:00Z';

/** The demo report's header and its first two calls (2 Nov), and a third whose duration is not a number. */
function reportWithOneBadRow(): string {
    const demo = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'usage', 'demo-lucerne-2026-11.csv'), 'utf8').split(/\r?\n/);
    const bad = demo[3].replace('demo-lucerne-0003', 'usage-test-bad').replace(',2160,', ',two hours,');
    return [demo[0], demo[1], demo[2], bad, ''].join('\n');
}

browserSuite('usage and the month on a customer\'s page in chromium', { shots: 'console', host: () => startAppHost() }, (s) => {
    let app: AppHost;

    beforeAll(async () => {
        app = s.host;
        await app.setClock(NOW);
        // the customer's page names it from the fleet view
        await syncFleet(app);
        expect(await putDemoRates(app)).toBe(200);
    }, 120_000);

    async function openUsage(page: Page, upn: string, id: string = LUCERNE, name = 'Lucerne Publishing') {
        await signIn(page, app.url, upn);
        await page.goto(`${app.url}/api/console#/customers/${id}`);
        await page.getByRole('heading', { level: 1, name }).waitFor();
        const card = page.getByRole('region', { name: 'Usage and the month' });
        await card.locator('.usage-state').waitFor();
        return card;
    }

    /** The card's visible text names no API route and no raw code. */
    const plainWords = async (card: ReturnType<Page['getByRole']>) => {
        const text = await card.innerText();
        expect(text).not.toMatch(/\/api\/|POST |GET |mode=|badRowsListed|not-pulled|bad-rows/);
    };

    test('an AdminAgent uploads a report with a bad row: nothing imported, the bad row listed; then the good rows only', async () => {
        const { page, errors, close, expectRefusal } = await s.open();
        // the API refuses an all-or-nothing file with a bad row (422); the page shows why
        expectRefusal({ method: 'POST', path: `/api/customers/${LUCERNE}/usage`, status: 422 });
        try {
            const card = await openUsage(page, 'admin@contoso-telecom.example');
            expect(await card.locator('.usage-state').innerText()).toContain('Not pulled yet');
            const form = card.getByRole('form', { name: 'Upload a usage report' });
            await form.getByLabel('Teams PSTN usage report (CSV)').setInputFiles({ name: 'lucerne-november.csv', mimeType: 'text/csv', buffer: Buffer.from(reportWithOneBadRow()) });
            await form.getByRole('button', { name: 'Upload the report' }).click();
            const summary = form.locator('.import-summary');
            await summary.waitFor();
            expect(await summary.locator('.job-summary').innerText()).toBe('Nothing was imported: the file has bad rows.');
            expect([await summary.locator('.rows-read').innerText(), await summary.locator('.rows-accepted').innerText(), await summary.locator('.rows-bad').innerText()]).toEqual(['3', '2', '1']);
            const table = form.getByRole('table', { name: 'Bad rows' });
            expect(await table.locator('thead th').allInnerTexts()).toEqual(['Line', 'Column', 'Reason']);
            const cells = await table.locator('tbody tr').first().locator('td').allInnerTexts();
            expect(await table.locator('tbody tr').count()).toBe(1);
            expect(cells.slice(0, 2)).toEqual(['4', 'Duration Seconds']);
            expect(cells[2].length).toBeGreaterThan(0);
            await plainWords(card);
            await s.check(page, 'customer-lucerne-usage-bad-rows');

            await form.getByRole('checkbox', { name: 'Import the good rows and skip the bad ones' }).check();
            await form.getByRole('button', { name: 'Upload the report' }).click();
            await summary.locator('.job-summary', { hasText: 'Imported.' }).waitFor();
            // none already there: the first upload, all or nothing, stored no call
            expect([await summary.locator('.rows-accepted').innerText(), await summary.locator('.rows-duplicate').innerText(), await summary.locator('.rows-bad').innerText()]).toEqual(['2', '0', '1']);
            expect(await form.getByRole('table', { name: 'Bad rows' }).locator('tbody tr').count()).toBe(1);
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    }, 60_000);

    test('an AdminAgent rates November: progress, then done, then the customer\'s figures for the month', async () => {
        const { page, errors, close } = await s.open();
        // November is not rated yet when its page opens (not in the customer's rated months): the page says so in words and offers to rate
        try {
            const card = await openUsage(page, 'admin@contoso-telecom.example');
            // the card's month picker leads to the month's own page, where it is rated
            await card.getByLabel('Another month').fill('2026-11');
            await card.getByRole('button', { name: 'Open the month' }).click();
            const month = page.getByRole('region', { name: 'Accrual' });
            expect(await month.locator('.not-rated').innerText()).toBe('November 2026 has not been rated for this customer yet.');
            const form = page.getByRole('form', { name: 'Rate this month' });
            // every status the page showed, in order: a run that jumped to its end unseen would fail here
            await page.evaluate(() => {
                const g = globalThis as any;
                g.seenStatus = [];
                new g.MutationObserver(() => {
                    const s = g.document.querySelector('.rating-status')?.textContent;
                    if (s && g.seenStatus.at(-1) !== s) g.seenStatus.push(s);
                }).observe(g.document.body, { subtree: true, childList: true, characterData: true });
            });
            await form.getByRole('button', { name: 'Rate this month' }).click();
            // followed to its end, then the month's figures read again; rating it again is offered
            await month.locator('dt:text-is("Billable minutes")').waitFor({ timeout: 30_000 });
            await page.getByRole('button', { name: 'Rate it again' }).waitFor();
            const seen = await page.evaluate(() => (globalThis as any).seenStatus as string[]);
            expect(seen[0]).toBe('Rating…');
            expect(seen.at(-1)).toBe('Done');
            expect(await page.locator('.rating-count').innerText()).toMatch(/^(\d+) of \1 customers rated$/);

            const accrual = (await app.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/accruals/2026-11`)).json;
            // the two calls taken in, 36 minutes each, from the pool: nothing billable yet
            const pools = Object.values(accrual.poolMinutes as Record<string, { used: number; included: number }>);
            expect(pools.reduce((sum, p) => sum + p.used, 0)).toBe(72);
            const said = await page.evaluate(([minutes, amount, currency, pools]) => ({
                minutes: new Intl.NumberFormat().format(Number(minutes)),
                pools: (pools as Array<[string, { used: number; included: number }]>).map(([k, p]) => [k, `${new Intl.NumberFormat().format(p.used)} of ${new Intl.NumberFormat().format(p.included)} minutes used`]),
                amount: new Intl.NumberFormat(undefined, { style: 'currency', currency: String(currency), minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(amount)),
            }), [accrual.billableMinutes, accrual.overageAmount, accrual.currency, Object.entries(accrual.poolMinutes)] as const);
            for (const [pool, words] of said.pools) expect(await month.locator(`dt:text-is("Pool ${pool}") + dd`).innerText()).toBe(words);
            expect(await month.locator('dt:text-is("Billable minutes") + dd').innerText()).toBe(said.minutes);
            expect(await month.locator('dt:text-is("Overage") + dd').innerText()).toBe(said.amount);
            await plainWords(page.getByRole('main'));
            await s.check(page, 'customer-lucerne-usage-rated');

            // back on the customer's page, the picker says November is rated, with the partner's overage in it
            await page.goBack();
            const picker = page.getByRole('group', { name: 'A month' });
            const november = picker.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'November 2026' }) });
            await november.getByText(/^rated · /).waitFor();
            expect(await november.innerText()).toBe(`November 2026 rated · ${said.amount} overage`);
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    }, 60_000);

    test('"Pull now" on a customer whose tenant never consented: the state says so, with what its admin does, in words', async () => {
        const { page, errors, close, expectRefusal } = await s.open();
        // Graph refuses the pull (no consent): the API answers 409, the page says what the customer's admin does
        expectRefusal({ method: 'POST', path: `/api/customers/${CUSTOMERS.alpine}/usage/pull`, status: 409 });
        try {
            const card = await openUsage(page, 'admin@contoso-telecom.example', CUSTOMERS.alpine, 'Alpine Ski House');
            await card.getByRole('button', { name: 'Pull now' }).click();
            await card.locator('.usage-state', { hasText: 'Consent missing' }).waitFor();
            const text = await card.innerText();
            expect(text).toContain('the customer’s tenant has not consented');
            expect(text).toContain('a Global Administrator of the customer’s tenant');
            // a refusal the page explains is not shown as an error
            expect(await card.getByRole('alert').count()).toBe(0);
            await plainWords(card);
            await s.check(page, 'customer-alpine-usage-consent-missing');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    }, 60_000);

    test('a SalesAgent reads the usage state and is offered no upload, pull or rating', async () => {
        const { page, errors, close } = await s.open();
        try {
            const card = await openUsage(page, 'sales@contoso-telecom.example');
            expect(await card.locator('.usage-state').innerText()).toContain('Calls from Microsoft Graph');
            // only the way to a month, to read it
            expect(await card.getByRole('button').allInnerTexts()).toEqual(['Open the month']);
            expect(await card.locator('input[type=file]').count()).toBe(0);
            expect(await card.innerText()).toContain('Only AdminAgents can bring in usage and rate a month');
            await plainWords(card);
            await s.check(page, 'customer-lucerne-usage-sales');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    }, 60_000);
});
