// A customer's month so far in chromium (issue 22), on one host whose clock
// stands at 2026-11-12 12:00 UTC: Lucerne Publishing's calls of November
// pulled from the demo world's Graph (its 3,600 pool minutes run out around
// the 18th–21st), rated to date with its forecast. The card's range and dates
// as the API gives them, in the browser's language; the cumulative chart's
// day labels never overlapping at 1280 or 390 px; the figures day by day; the
// alert thresholds saved by an AdminAgent, a bad amount refused with the
// API's problem, read-only for a SalesAgent; an alert that fired listed; and
// School of Fine Art's credits advice with the months it used; the fleet's
// "Forecast overage this month" column, sorted.
// axe and screenshots at 1280 and 390 px on each page.
//
// Screenshots of each view at 1280 and 390 px are kept in test-artifacts/console
// under CI=true or SCREENSHOTS=1 (test/browser/screens.ts).
import type { Page } from 'playwright-core';
import { runMonth } from '../helpers/accruals';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { syncFleet } from '../helpers/fleetSync';
import { until } from '../helpers/wait';
import { browserSuite } from './browserSuite';
import { expectDayLabelsApart, type LabelBox, signIn } from './consolePage';
import { putDemoRates } from '../helpers/demoRates';

const LUCERNE = CUSTOMERS.lucerne;
const FINE_ART = CUSTOMERS.fineArt;
const NOW = '2026-11-12T12:00:00Z';

browserSuite('a customer\'s month so far in chromium', { shots: 'console', host: () => startAppHost() }, (s) => {
    let app: AppHost;
    let mtd: any;
    const check = (page: Page, name: string) => s.check(page, name);

    beforeAll(async () => {
        app = s.host;
        await app.setClock(NOW);
        // the fleet first: a pull's end writes the month's forecast onto the rows that exist
        await syncFleet(app);
        expect(await putDemoRates(app)).toBe(200);
        // watched before the pull, so the evaluation after it fires: by the 12th more than half the pool is used
        expect((await app.as('contosoAdmin')('PUT', `/api/customers/${LUCERNE}/alerts`, { poolUsedAbovePercent: 50, mailCustomerAdmin: false })).status).toBe(200);
        const pulled = await app.as('contosoAdmin')('POST', `/api/customers/${LUCERNE}/usage/pull`, { from: '2026-11-01' });
        expect(pulled.json).toMatchObject({ state: 'ok', committed: true, badRows: 0 });
        // School of Fine Art's calls since August: its advice's months, and a second forecast on the fleet
        const fineArt = await app.as('contosoAdmin')('POST', `/api/customers/${FINE_ART}/usage/pull`, { from: '2026-08-01' });
        expect(fineArt.json).toMatchObject({ state: 'ok', committed: true, badRows: 0 });
        mtd = (await app.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/accruals/current`)).json;
    }, 120_000);

    async function openCustomer(page: Page, upn: string, id: string, name: string): Promise<void> {
        await signIn(page, app.url, upn);
        await page.goto(`${app.url}/api/console#/customers/${id}`);
        await page.getByRole('heading', { level: 1, name }).waitFor();
    }

    /** What the browser's own Intl makes of an amount and a day: the card must say the same. */
    const inBrowser = (page: Page, amounts: string[], days: string[]) => page.evaluate(([a, d]) => ({
        money: a.map((v) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(v))),
        days: d.map((v) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${v}T00:00:00Z`))),
    }), [amounts, days] as const);

    /** The day labels a chart drew, read at the page's current width. */
    const dayLabels = (page: Page): Promise<LabelBox[][]> => page.locator('.month-to-date .month-chart').evaluateAll(
        (els) => els.map((el) => JSON.parse((el as any).dataset.dayLabels ?? '[]')));

    test('Lucerne\'s card: overage so far, the forecast range, the day the pool runs out and credits "not this month", in the browser\'s language', async () => {
        // the API's figures the card is held to: a pool not yet dry on the 12th, forecast to run out later this month
        const f = mtd.forecast;
        expect(mtd).toMatchObject({ status: 'month-to-date', currency: 'EUR', month: '2026-11' });
        expect(mtd.days).toHaveLength(12);
        expect(f.poolRunsOutOn >= '2026-11-13' && f.poolRunsOutOn <= '2026-11-30').toBe(true);
        expect(f.creditsRunOutOn).toBeNull();
        expect(Number(f.overageAmount.low) < Number(f.overageAmount.expected) && Number(f.overageAmount.expected) < Number(f.overageAmount.high)).toBe(true);

        const { page, errors, close } = await s.open();
        try {
            await openCustomer(page, 'admin@contoso-telecom.example', LUCERNE, 'Lucerne Publishing');
            const card = page.getByRole('region', { name: 'This month so far' });
            await card.locator('.mtd-forecast').waitFor();
            const said = await inBrowser(page, [mtd.overageAmount, f.overageAmount.low, f.overageAmount.expected, f.overageAmount.high], [f.poolRunsOutOn]);
            expect(await card.locator('.mtd-overage').textContent()).toBe(said.money[0]);
            expect(await card.locator('.mtd-forecast .range-low').textContent()).toBe(said.money[1]);
            expect(await card.locator('.mtd-forecast .range-expected').textContent()).toBe(said.money[2]);
            expect(await card.locator('.mtd-forecast .range-high').textContent()).toBe(said.money[3]);
            expect(await card.locator('.mtd-pool-out').textContent()).toBe(said.days[0]);
            expect(await card.locator('.mtd-credits-out').textContent()).toBe('not this month');
            expect(await card.locator('.asof time').getAttribute('datetime')).toBe(mtd.asOf);

            // the exact figures: a row a day so far, and the forecast at the month's end
            await card.getByText('The figures, day by day').click();
            expect(await card.locator('.month-table tbody tr').count()).toBe(12);
            expect(await card.locator('.month-table tfoot').textContent()).toContain(`${said.money[1]}–${said.money[3]}`);
            await check(page, 'customer-lucerne-month-to-date');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('every day of the month is on the charts\' axis, the day labels thinned so none overlaps, at 1280 and at 390 px', async () => {
        const { page, errors, close } = await s.open();
        try {
            await openCustomer(page, 'sales@contoso-telecom.example', LUCERNE, 'Lucerne Publishing');
            await page.locator('.month-to-date .month-chart[data-day-labels]').nth(1).waitFor();
            for (const width of [1280, 390]) {
                await page.setViewportSize({ width, height: 900 });
                // the charts follow their box's width and draw again
                await until(async () => {
                    const charts = await dayLabels(page);
                    return charts.length === 2 && charts.every((c) => c.length > 0 && c.at(-1)!.right <= width) ? charts : undefined;
                }, 5000, 50);
                const charts = await dayLabels(page);
                for (const labels of charts) expectDayLabelsApart(labels, width);
                // at 1280 px there is room for more labels than on a phone
                if (width === 390) expect(charts[0].length).toBeLessThan(31);
            }
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('an AdminAgent saves the thresholds; a bad amount is refused with the API\'s problem; a SalesAgent reads them', async () => {
        const { page, errors, close, expectRefusal } = await s.open();
        // the amount with six decimals below is refused by the API (400); the form shows its problem
        expectRefusal({ method: 'PUT', path: `/api/customers/${LUCERNE}/alerts`, status: 400 });
        try {
            await openCustomer(page, 'admin@contoso-telecom.example', LUCERNE, 'Lucerne Publishing');
            const form = page.getByRole('form', { name: 'Thresholds' });
            await form.waitFor();
            // the thresholds set before the pull are shown
            expect(await form.getByRole('textbox', { name: 'Pool used above (%)' }).inputValue()).toBe('50');
            await form.getByRole('textbox', { name: 'Forecast overage above (amount)' }).fill('12.345678');
            await form.getByRole('button', { name: 'Save the thresholds' }).click();
            const refusal = form.getByRole('alert');
            await refusal.waitFor();
            // the code in words (the message catalogue), never the code itself
            expect(await refusal.textContent()).toContain('Something in the form is not valid');
            expect(await refusal.textContent()).not.toContain('invalid-request');
            expect(await refusal.textContent()).toContain('forecastOverageAbove');
            expect(await refusal.textContent()).toContain('What to do:');
            expect(await form.getByRole('textbox', { name: 'Forecast overage above (amount)' }).getAttribute('aria-invalid')).toBe('true');
            await check(page, 'customer-lucerne-alerts-refused');

            await form.getByRole('textbox', { name: 'Forecast overage above (amount)' }).fill('400');
            await form.getByRole('textbox', { name: 'Pool used above (%)' }).fill('90');
            await form.getByRole('textbox', { name: 'A single day\'s overage above (amount)' }).fill('25.50');
            await form.getByRole('checkbox', { name: 'Mail the customer\'s admin too' }).check();
            await form.getByRole('button', { name: 'Save the thresholds' }).click();
            await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
            expect(await form.getByRole('alert').count()).toBe(0);
            expect((await app.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/alerts`)).json).toMatchObject({
                forecastOverageAbove: '400', poolUsedAbovePercent: 90, dayOverageAbove: '25.50', mailCustomerAdmin: true, updatedBy: 'admin@contoso-telecom.example',
            });
            expect((await app.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/alerts`)).json.creditsRunOutBeforeMonthEnd).toBeUndefined();
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
        const sales = await s.open();
        try {
            await openCustomer(sales.page, 'sales@contoso-telecom.example', LUCERNE, 'Lucerne Publishing');
            const region = sales.page.getByRole('region', { name: 'Alerts' });
            await region.locator('.alert-thresholds').waitFor();
            expect(await region.getByRole('form').count()).toBe(0);
            expect(await region.locator('.alert-thresholds').textContent()).toContain('90%');
            expect(sales.errors).toEqual([]);
        } finally {
            await sales.close();
        }
    });

    test('an alert that fired after the pull is listed with its figures', async () => {
        const fired = await until(async () => {
            const r = await app.as('contosoSales')('GET', '/api/alerts?month=2026-11');
            return r.json.alerts?.find((a: any) => a.customerTenantId === LUCERNE && a.threshold === 'pool-used');
        }, 30_000, 100);
        const { page, errors, close } = await s.open();
        try {
            await openCustomer(page, 'sales@contoso-telecom.example', LUCERNE, 'Lucerne Publishing');
            const item = page.getByRole('region', { name: 'Alerts' }).locator('.alerts-fired li');
            await item.first().waitFor();
            expect(await item.count()).toBe(1);
            expect(await item.textContent()).toContain('Pool used above the percentage');
            expect(await item.textContent()).toContain(`${fired.figures.value}% used (limit 50%)`);
            expect(await item.locator('time').getAttribute('datetime')).toBe(fired.firedAt);
            await check(page, 'customer-lucerne-alerts-fired');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('School of Fine Art, on credits: the advice in words with the three months it used', async () => {
        for (const month of ['2026-08', '2026-09', '2026-10']) await runMonth(app, month);
        const advice = (await app.as('contosoAdmin')('GET', `/api/customers/${FINE_ART}/credits/advice`)).json;
        expect(advice.monthsUsed.map((m: any) => m.month)).toEqual(['2026-08', '2026-09', '2026-10']);
        const { page, errors, close } = await s.open();
        try {
            await openCustomer(page, 'admin@contoso-telecom.example', FINE_ART, 'School of Fine Art');
            const region = page.getByRole('region', { name: 'Credits advice' });
            await region.locator('.advice-summary').waitFor();
            expect(await region.locator('.advice-summary').textContent()).toBe(advice.summary);
            const months = await region.locator('.advice-months tbody th').allTextContents();
            const expected = await page.evaluate(() => ['2026-08', '2026-09', '2026-10'].map((m) => new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-01T00:00:00Z`))));
            expect(months).toEqual(expected);
            await check(page, 'customer-fineart-advice');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    }, 120_000);

    test('the fleet\'s "Forecast overage this month" column: each row\'s forecast as the API gives it, sorted highest or lowest first', async () => {
        // the evaluation after each pull writes the forecast onto the rows
        const rows = await until(async () => {
            const items = (await app.as('contosoAdmin')('GET', '/api/readiness?limit=500')).json.items as any[];
            const withForecast = items.filter((i) => i.forecastOverage);
            return withForecast.length >= 2 ? items : undefined;
        }, 30_000, 200);
        const lucerne = rows.find((i) => i.customerTenantId === LUCERNE);
        expect(lucerne.forecastOverage).toMatchObject({ month: '2026-11', currency: 'EUR', overageAmount: mtd.forecast.overageAmount });
        const forecasts = rows.filter((i) => i.forecastOverage).sort((a, b) => Number(b.forecastOverage.overageAmount.expected) - Number(a.forecastOverage.overageAmount.expected));
        expect(Number(forecasts[0].forecastOverage.overageAmount.expected)).toBeGreaterThan(Number(forecasts.at(-1).forecastOverage.overageAmount.expected));
        const { page, errors, close } = await s.open();
        try {
            await signIn(page, app.url, 'admin@contoso-telecom.example');
            const names = () => page.locator('.fleet-table tbody a.customer-link').allTextContents();
            const byName = await names();
            const cell = page.locator('.fleet-table tbody tr').filter({ hasText: 'Lucerne Publishing' }).locator('.forecast-cell .forecast-expected');
            const said = await inBrowser(page, [lucerne.forecastOverage.overageAmount.expected], []);
            expect(await cell.textContent()).toBe(said.money[0]);

            const header = page.getByRole('columnheader', { name: /Forecast overage this month/ });
            await header.getByRole('button').click();
            expect(await header.getAttribute('aria-sort')).toBe('descending');
            const desc = await names();
            expect(desc.slice(0, forecasts.length)).toEqual(forecasts.map((i) => i.name));
            // customers without a forecast come after, in the API's order
            expect(desc.slice(forecasts.length)).toEqual(byName.filter((n) => !forecasts.some((i) => i.name === n)));
            await check(page, 'fleet-forecast-sorted');

            await header.getByRole('button').click();
            expect(await header.getAttribute('aria-sort')).toBe('ascending');
            expect((await names()).slice(0, forecasts.length)).toEqual([...forecasts].reverse().map((i) => i.name));
            await header.getByRole('button').click();
            expect(await header.getAttribute('aria-sort')).toBeNull();
            expect(await names()).toEqual(byName);
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });
});
