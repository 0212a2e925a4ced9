// The API reference page (GET /api/docs) in a real browser: Swagger UI renders
// the document's operations from files the app serves itself, under the page's
// CSP, with no request leaving the host.
import { chromium, type Browser } from 'playwright-core';
import { AppHost, startAppHost } from '../helpers/appHost';
import { browserSkipReason, CHROMIUM, chromiumInstalled, LAUNCH } from '../browser/chromium';

jest.setTimeout(60_000);

const skip = browserSkipReason();
if (skip) {
    console.warn(`browser tests skipped: ${skip}`);
    test.skip(`SKIPPED (${skip})`, () => undefined);
} else {
    describe('the API reference page in chromium', () => {
        let app: AppHost;
        let browser: Browser;
        beforeAll(async () => {
            if (!chromiumInstalled()) throw new Error(`${CHROMIUM} is missing: the jest global setup could not install it (see its output above)`);
            [app, browser] = await Promise.all([startAppHost(), chromium.launch(LAUNCH)]);
        });
        afterAll(async () => {
            await browser?.close();
            await app?.stop();
        });

        test('renders every path from local files, without errors or outside requests', async () => {
            const page = await browser.newPage();
            const errors: string[] = [];
            const outside: string[] = [];
            page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
            page.on('pageerror', (e) => errors.push(e.message));
            page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
            page.on('request', (r) => { if (!r.url().startsWith(app.url) && !r.url().startsWith('data:')) outside.push(r.url()); });
            await page.goto(`${app.url}/api/docs`);
            await page.waitForSelector('.opblock', { timeout: 20_000 });
            const paths = await page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.getAttribute('data-path')));
            expect(paths).toEqual(expect.arrayContaining(['/api/customers/{customerTenantId}/overage/enablements', '/api/approvals/{token}', '/api/rates']));
            expect(await page.textContent('.info .title')).toContain('Telco Overage Orchestrator');
            expect(errors).toEqual([]);
            expect(outside).toEqual([]);
            await page.close();
        });
    });
}
