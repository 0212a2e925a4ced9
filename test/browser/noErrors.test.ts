// Observation 9 of issue 23: "the console calls GET /simulator/token twice
// (405) and one resource answers 404; all red in DevTools". Every view a
// person reaches on the local host, loaded as they would (the sign-in page,
// the fleet, each customer's page by its address, a reload, the API docs, the
// mailbox), as an AdminAgent and as a SalesAgent: no console error, no page
// error, no request answered 400 or more and none dropped (the suite's page
// watch refuses them after each test), and the sign-in token fetched only by
// POST.
import type { Page, Request } from 'playwright-core';
import { AppHost, startAppHost } from '../helpers/appHost';
import { syncFleet } from '../helpers/fleetSync';
import { browserSuite } from './browserSuite';
import { fleetShown, signIn } from './consolePage';

/** Resolves once no request of the page has been in flight for `ms`. */
async function settled(page: Page, inFlight: Set<Request>, ms = 400): Promise<void> {
    let quietSince = Date.now();
    const end = Date.now() + 20_000;
    while (Date.now() - quietSince < ms) {
        if (inFlight.size > 0) quietSince = Date.now();
        if (Date.now() > end) throw new Error(`requests still running: ${[...inFlight].map((r) => r.url()).join(', ')}`);
        await page.waitForTimeout(50);
    }
}

browserSuite('no console error on any view of the local host', { shots: 'console', host: () => startAppHost() }, (s) => {
    let app: AppHost;
    beforeAll(async () => {
        app = s.host;
        await syncFleet(app);
    });

    /** A watched page that also lists every request it made, and those still running. */
    async function openRecorded() {
        const opened = await s.open();
        const requests: string[] = [];
        const inFlight = new Set<Request>();
        opened.page.on('request', (r) => { requests.push(`${r.method()} ${new URL(r.url()).pathname}`); inFlight.add(r); });
        opened.page.on('requestfinished', (r) => inFlight.delete(r));
        opened.page.on('requestfailed', (r) => inFlight.delete(r));
        return { ...opened, requests, settle: () => settled(opened.page, inFlight) };
    }

    /** The customers the fleet links to, by id, read from the page itself. */
    const customerIds = (page: Page) => page.locator('.fleet-table tbody a.customer-link').evaluateAll((as) => as.map((a: any) => String(a.getAttribute('href')).replace(/^#\/customers\//, '')));

    test.each([
        ['an AdminAgent', 'admin@contoso-telecom.example'],
        ['a SalesAgent', 'sales@contoso-telecom.example'],
    ])('%s: sign-in, the fleet, every customer by its address, a reload, the API docs and the mailbox', async (_who, upn) => {
        const { page, errors, requests, settle, close } = await openRecorded();
        try {
            await signIn(page, app.url, upn);
            await settle();
            const ids = await customerIds(page);
            expect(ids.length).toBeGreaterThan(5);
            for (const id of ids) {
                await page.goto(`${app.url}/api/console#/customers/${id}`);
                await page.locator('#detail-h').waitFor();
                await page.locator('#diag-h + p').waitFor();
                await settle();
            }
            // a reload keeps the place and loads cleanly again
            await page.reload();
            await page.locator('#detail-h').waitFor();
            await settle();
            await page.goto(`${app.url}/api/console#/fleet`);
            await fleetShown(page);
            await page.goto(`${app.url}/api/docs`);
            await page.waitForSelector('.opblock', { timeout: 30_000 });
            await page.goto(`${app.url}/simulator/mailbox`);
            await page.getByRole('heading', { level: 1 }).waitFor();
            await settle();

            expect(errors).toEqual([]);
            // the sign-in asks for its token by POST only: no GET answered 405 (the first cause of the red lines)
            expect(requests.filter((r) => r.endsWith(' /simulator/token'))).toEqual(['POST /simulator/token']);
        } finally {
            await close();
        }
    });
});
