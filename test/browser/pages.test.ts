// Pages the app serves, in a real browser (Debian's chromium, driven by
// playwright-core): the approval page and the API reference. Each part on a
// host of its own (test/helpers/freshHost.ts); the approval page's part writes
// handovers into the app's store directly, so it runs first, on the modules
// this file loaded.
import type { Page } from 'playwright-core';
import { outcomePage } from '../../functions/http/approvalPage';
import { approvalView } from '../../functions/http/approvalView';
import { AppHost, startAppHost } from '../helpers/appHost';
import { handoverRecord, insertedHandover, startedHandover } from '../helpers/approvalLinks';
import { freshAppHost } from '../helpers/freshHost';
import { handoverClient } from '../helpers/handovers';
import { seriousViolations } from './axe';
import { browserSuite } from './browserSuite';

describe('the approval page', () => {
    // The approval page in a real browser (Debian's chromium, driven by
    // playwright-core): what a party sees from its mail link, by accessible name,
    // checked with axe, at phone and desktop widths, and clicks on Approve that
    // reach a real partnerHandover run (started through the API, links from the mails).
    //
    // Screenshots at 1280 and 390 px are kept in test-artifacts/approval under
    // CI=true or SCREENSHOTS=1 (test/browser/screens.ts).
    browserSuite('the approval page in chromium', { shots: 'approval', host: () => startAppHost() }, (s) => {
        let app: AppHost;
        beforeAll(() => { app = s.host; });

        /** Both widths; the tests run axe where they mean to. */
        const screenshots = (page: Page, name: string) => s.shoot(page, name);

        test('the page names its parts for assistive technology and has no serious axe findings', async () => {
            const { link, record } = await insertedHandover(app.url);
            const { page, close } = await s.open();
            try {
                const res = await page.goto(await link('customer'));
                expect(res?.status()).toBe(200);
                await expect(page.title()).resolves.toBe('Hand over Fabrikam’s overage to Litware Voice? – Telco overage handover');
                expect(await page.getByRole('main').count()).toBe(1);
                expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hand over Fabrikam’s overage to Litware Voice?');
                expect(await page.getByRole('textbox', { name: 'Reason (optional)' }).getAttribute('name')).toBe('reason');
                expect(await page.getByRole('button', { name: 'Approve' }).getAttribute('value')).toBe('approve');
                expect(await page.getByRole('button', { name: 'Decline' }).getAttribute('value')).toBe('decline');
                expect(await page.getByRole('definition').filter({ hasText: 'UTC' }).last().textContent()).toContain('UTC');
                expect(await page.locator('time').last().getAttribute('datetime')).toBe(record.state.expiresAt);
                expect(await seriousViolations(page)).toEqual([]);
            } finally {
                await close();
            }
        });

        test('a party that answered sees its answer instead of the form', async () => {
            const { link } = await insertedHandover(app.url, (r) => {
                r.state.decisions.currentPartner = { decision: 'declined', at: new Date().toISOString(), reason: 'We keep this customer’s numbers until the contract ends.' };
                r.state.status = 'declined';
                r.status = 'declined';
            });
            const { page, close } = await s.open();
            try {
                expect((await page.goto(await link('currentPartner')))?.status()).toBe(200);
                expect(await page.getByRole('button').count()).toBe(0);
                expect(await page.getByRole('status').textContent()).toContain('You declined this handover for the current partner');
                expect(await seriousViolations(page)).toEqual([]);
                await screenshots(page, 'answered');
            } finally {
                await close();
            }
        });

        test('the outcome and error pages have no serious axe findings either', async () => {
            const record = handoverRecord((r) => { r.state.decisions.customer = { decision: 'approved', at: new Date().toISOString() }; });
            const outcome = outcomePage({ state: 'recorded', decision: 'approve', view: approvalView(record, 'customer') });
            const { page, close, expectRefusal } = await s.open();
            try {
                await page.setContent(outcome.value);
                expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your approval is recorded');
                expect(await page.getByRole('status').first().textContent()).toContain('Still awaited: the current partner and the new partner');
                expect(await seriousViolations(page)).toEqual([]);
                await screenshots(page, 'outcome-recorded');

                // a link that is no token is refused (400) with a page that says so
                expectRefusal({ method: 'GET', path: '/api/approvals/not-a-token', status: 400 });
                const res = await page.goto(`${app.url}/api/approvals/not-a-token`);
                expect(res?.status()).toBe(400);
                expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This approval link does not work');
                expect(await seriousViolations(page)).toEqual([]);
                await screenshots(page, 'error-invalid');
            } finally {
                await close();
            }
        });

        test('under its own CSP, against a real handover: Approve records the answer, and the third approval shows the switch', async () => {
            const c = handoverClient(app);
            const started = await startedHandover(app);
            const { links, from, to } = started;
            const { page, errors, close } = await s.open();
            try {
                /** Clicks Approve (with a reason, if given) and returns the answer's status once its page is shown. */
                const approve = async (reason?: string) => {
                    if (reason) await page.getByRole('textbox', { name: 'Reason (optional)' }).fill(reason);
                    const [answer] = await Promise.all([
                        page.waitForResponse((r) => r.request().method() === 'POST'),
                        page.getByRole('button', { name: 'Approve' }).click(),
                    ]);
                    await page.waitForLoadState();
                    return answer;
                };

                expect((await page.goto(links.newPartner))?.status()).toBe(200);
                await expect(page.title()).resolves.toBe(`Hand over Lucerne Publishing’s overage to ${to.name}? – Telco overage handover`);
                expect(await page.locator('.party').textContent()).toBe(`You are answering as the new partner (${to.name}).`);
                await screenshots(page, 'request');

                const first = await approve('We take over the numbers on 1 July.');
                expect(first.request().postData()).toBe('reason=We+take+over+the+numbers+on+1+July.&decision=approve');
                expect(first.status()).toBe(200);
                expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your approval is recorded');
                expect(await page.getByRole('status').textContent()).toBe('Still awaited: the current partner and the customer. Nothing changes until all three parties have approved.');
                expect(await page.getByRole('definition').filter({ hasText: 'We take over the numbers on 1 July.' }).count()).toBe(1);
                expect(await page.getByRole('button').count()).toBe(0);
                await screenshots(page, 'after-approve');

                expect((await c.answer(links.currentPartner, 'approve')).status).toBe(200);

                expect((await page.goto(links.customer))?.status()).toBe(200);
                const third = await approve();
                expect(third.status()).toBe(200);
                expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your approval is recorded');
                expect([
                    `All three parties approved; the overage is being moved from ${from.name} to ${to.name} now.`,
                    `The handover is complete: ${to.name} now manages the overage.`,
                ]).toContain(await page.getByRole('status').textContent());
                await screenshots(page, 'after-third-approve');
                expect(errors).toEqual([]);

                // the link, opened again once the run ended, says so instead of offering the form
                const done = await c.ended(started.location, started.agent);
                expect(done.status).toBe('completed');
                expect((await page.goto(links.newPartner))?.status()).toBe(200);
                expect(await page.getByRole('status').textContent()).toContain('You approved this handover for the new partner');
                expect(await page.getByText(`The handover is complete: ${to.name} now manages the overage.`).count()).toBe(1);
                await screenshots(page, 'reopened-completed');
                expect(errors).toEqual([]);
            } finally {
                await close();
                // whatever failed, the customer is free for the next handover
                await app.as(started.agent)('DELETE', new URL(started.location).pathname);
                await c.ended(started.location, started.agent);
            }
        });
    });
});

describe('the API reference page', () => {
    // The API reference page (GET /api/docs) in a real browser: Swagger UI renders
    // the document's operations from files the app serves itself, under the page's
    // CSP, with no request leaving the host.
    jest.setTimeout(60_000);

    browserSuite('the API reference page in chromium', { shots: 'api-docs', host: () => freshAppHost() }, (s) => {
        let app: AppHost;
        beforeAll(() => { app = s.host; });

        test('renders every path from local files, without errors or outside requests', async () => {
            const { page, errors, close } = await s.open();
            const outside: string[] = [];
            page.on('request', (r) => { if (!r.url().startsWith(app.url) && !r.url().startsWith('data:')) outside.push(r.url()); });
            await page.goto(`${app.url}/api/docs`);
            await page.waitForSelector('.opblock', { timeout: 20_000 });
            const paths = await page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.getAttribute('data-path')));
            expect(paths).toEqual(expect.arrayContaining(['/api/customers/{customerTenantId}/overage/enablements', '/api/approvals/{token}', '/api/rates']));
            expect(await page.textContent('.info .title')).toContain('Telco Overage Orchestrator');
            expect(errors).toEqual([]);
            expect(outside).toEqual([]);
            await close();
        });

        /** The answers that were loose before (their examples showed additionalProp1..3), opened on the page. */
        const FORMERLY_LOOSE = [
            ['get', '/api/customers'], ['get', '/api/customers/{customerTenantId}/overage'], ['get', '/api/customers/{customerTenantId}/overage/diagnostics'],
            ['get', '/api/customers/{customerTenantId}/overage/runs/{runId}'], ['get', '/api/approvals/{token}'], ['get', '/api/jobs/{jobId}'],
            ['get', '/api/accruals/{month}/jobs/{jobId}'], ['post', '/api/customers/{customerTenantId}/usage'],
        ];
        const operation = (page: Page, method: string, path: string) => page.locator(`.opblock-${method}`, { has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });

        test('no warning box, and the answers\' examples show their real fields (never additionalProp)', async () => {
            const { page, errors, close } = await s.open();
            // Swagger UI's warnings too (the watch refuses errors)
            const warnings: string[] = [];
            page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
            await page.goto(`${app.url}/api/docs`);
            await page.waitForSelector('.opblock', { timeout: 30_000 });
            expect(await page.locator('.errors-wrapper').count()).toBe(0);
            for (const [method, path] of FORMERLY_LOOSE) {
                const op = operation(page, method, path);
                await op.locator('.opblock-summary-control').click();
                const example = await op.locator('.responses-wrapper .highlight-code').first().textContent({ timeout: 20_000 });
                expect([path, example]).not.toEqual([path, expect.stringMatching(/additionalProp\d|"string"/)]);
            }
            const customers = await operation(page, 'get', '/api/customers').locator('.responses-wrapper .highlight-code').first().textContent();
            expect(customers).toContain('"payerNow"');
            expect(customers).toContain('"overage"');
            expect(customers).toContain('Woodgrove Bank');
            expect(await page.locator('.swagger-ui').textContent()).not.toMatch(/additionalProp\d/);
            expect(await page.locator('.errors-wrapper').count()).toBe(0);
            expect([errors, warnings]).toEqual([[], []]);
            await close();
        }, 150_000);

        test('the check sees the box the old document brought (a schema dialect Swagger UI does not support)', async () => {
            const { page, close } = await s.open();
            const served = (await app.call('GET', '/api/openapi.json')).json;
            await page.route('**/api/openapi.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...served, jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema' }) }));
            await page.goto(`${app.url}/api/docs`);
            await page.waitForSelector('.errors-wrapper', { timeout: 20_000 });
            expect(await page.locator('.errors-wrapper').textContent()).toMatch(/jsonSchemaDialect/);
            await close();
        });
    });
});
