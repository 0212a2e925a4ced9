// A rated month's charts on a customer's page in chromium (issue 23): Lucerne
// Publishing's November pulled from the demo world's Graph (its 3,600 pool
// minutes run out in the second half, so the later days carry overage) and
// rated, on a host whose clock stands in early December. "Overage per day"
// has every day of the month on its axis and in its table (0 where nothing),
// day labels that never overlap at 1280 or 390 px, a visible bar for every
// day with any overage, and the amount on hover in the browser's language;
// the pool chart's y axis reaches the largest figure. axe and screenshots at
// both widths, no console error.
//
// Screenshots of each view at 1280 and 390 px are kept in test-artifacts/console
// under CI=true or SCREENSHOTS=1 (test/browser/screens.ts).
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { runMonth } from '../helpers/accruals';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { syncFleet } from '../helpers/fleetSync';
import { until } from '../helpers/wait';
import { browserSuite } from './browserSuite';
import { expectDayLabelsApart, type LabelBox, signIn } from './consolePage';
import { putDemoRates } from '../helpers/demoRates';

const LUCERNE = CUSTOMERS.lucerne;
const MONTH = '2026-11';
const NOVEMBER = Array.from({ length: 30 }, (_, i) => `${MONTH}-${String(i + 1).padStart(2, '0')}`);

browserSuite('a rated month\'s charts in chromium', { shots: 'console', host: () => startAppHost() }, (s) => {
    let app: AppHost;
    let accrual: any;
    /** The API's lines summed per day, every day of November (0 where none). */
    let perDay: number[];
    const check = (page: Page, name: string) => s.check(page, name);

    beforeAll(async () => {
        app = s.host;
        await app.setClock('2026-12-02T09:00:00Z');
        await syncFleet(app);
        expect(await putDemoRates(app)).toBe(200);
        const pulled = await app.as('contosoAdmin')('POST', `/api/customers/${LUCERNE}/usage/pull`, { from: `${MONTH}-01` });
        expect(pulled.json).toMatchObject({ state: 'ok', committed: true, badRows: 0 });
        await runMonth(app, MONTH);
        accrual = (await app.as('contosoAdmin')('GET', `/api/customers/${LUCERNE}/accruals/${MONTH}`)).json;
        perDay = NOVEMBER.map((day) => (accrual.lines as any[]).filter((l) => l.UsageDate.slice(0, 10) === day).reduce((sum, l) => sum + Number(l.BillingPreTaxTotal), 0));
    }, 120_000);

    async function showMonth(page: Page): Promise<void> {
        await signIn(page, app.url, 'admin@contoso-telecom.example');
        await page.goto(`${app.url}/api/console#/customers/${LUCERNE}/accruals/${MONTH}`);
        await page.locator('.daily-chart[data-day-labels]').waitFor();
    }

    const chartData = (page: Page) => page.locator('.daily-chart').evaluate((el: any) => ({
        labels: JSON.parse(el.dataset.dayLabels) as LabelBox[], bars: JSON.parse(el.dataset.barHeights) as number[], width: el.clientWidth as number,
    }));

    test('the month as the test world made it: overage on some days and none on others, a pool of 3,600 minutes', () => {
        // what the other checks rely on: a month with empty days to fill and a pool larger than the old axis' 2,000
        expect(perDay.filter((v) => v > 0).length).toBeGreaterThan(2);
        expect(perDay.filter((v) => v === 0).length).toBeGreaterThan(2);
        expect(Math.max(...Object.values(accrual.poolMinutes as Record<string, { included: number }>).map((p) => p.included))).toBeGreaterThan(2000);
    });

    test('every day of the month on the axis and in the table, labels apart at 1280 and 390 px, the pool axis above its largest figure', async () => {
        const { page, errors, close } = await s.open();
        try {
            await showMonth(page);
            const region = page.getByRole('region', { name: 'Accrual' });
            // a row a day, 0 where nothing, every amount to 4 decimals in the browser's language
            const table = region.getByRole('table', { name: 'Overage amount per day' });
            expect(await table.locator('tbody th time').evaluateAll((ts) => ts.map((t: any) => t.getAttribute('datetime')))).toEqual(NOVEMBER);
            const exact = await page.evaluate((vs) => vs.map((v) => new Intl.NumberFormat(undefined, { minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(v)), perDay);
            expect(await table.locator('tbody td').allTextContents()).toEqual(exact);

            const pools = Object.values(accrual.poolMinutes as Record<string, { used: number; included: number }>).flatMap((p) => [p.used, p.included]);
            for (const width of [1280, 390]) {
                await page.setViewportSize({ width, height: 900 });
                // the chart follows its box's width and draws again
                const drawn = await until(async () => {
                    const d = await chartData(page);
                    return d.labels.length > 0 && d.labels.at(-1)!.right <= d.width ? d : undefined;
                }, 5000, 50);
                expectDayLabelsApart(drawn.labels, width);
                if (width === 390) expect(drawn.labels.length).toBeLessThan(30);
                // a bar for each day; one that has any overage is at least 2 px high, one that has none is flat
                expect(drawn.bars).toHaveLength(30);
                expect(drawn.bars.map((h, i) => [NOVEMBER[i], perDay[i] > 0 ? h >= 2 : h === 0])).toEqual(NOVEMBER.map((d) => [d, true]));
                const yMax = Number(await region.locator('.pool-chart').getAttribute('data-y-max'));
                expect(yMax).toBeGreaterThanOrEqual(Math.max(...pools));
                // the charts alone, to look at (the page's screenshot below is long)
                await region.locator('.daily-chart').screenshot({ path: path.join(s.shots, `customer-lucerne-daily-chart-${width}.png`) });
                await region.locator('.pool-chart').screenshot({ path: path.join(s.shots, `customer-lucerne-pool-chart-${width}.png`) });
            }
            await check(page, 'customer-lucerne-charts');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('hovering a day shows its amount with the currency, to the cent', async () => {
        const { page, errors, close } = await s.open();
        try {
            await showMonth(page);
            const day = perDay.findIndex((v) => v > 0) + 1;
            const said = await page.evaluate(([v, c]) => new Intl.NumberFormat(undefined, { style: 'currency', currency: c, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v), [perDay[day - 1], accrual.currency] as const);
            await page.locator('.daily-chart').scrollIntoViewIfNeeded();
            // the plot spans half a day either side of the month: day d sits at (d - 0.5) / 30 of its width
            const over = (await page.locator('.daily-chart .u-over').boundingBox())!;
            await page.mouse.move(over.x + over.width * ((day - 0.5) / 30), over.y + over.height / 2);
            const values = page.locator('.daily-chart .u-legend .u-value');
            await until(async () => ((await values.nth(1).textContent()) === said ? true : undefined), 5000, 50);
            expect(await values.nth(0).textContent()).toMatch(new RegExp(`\\b${day}\\b`));
            await page.mouse.move(0, 0);
            await until(async () => ((await values.nth(1).textContent()) === '—' ? true : undefined), 5000, 50);
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });
});
