// The partner console in a real browser (Debian's chromium, driven by
// playwright-core), served by the app itself under its own CSP, calling the
// public API with the token of the agent signed in: sign-in on the local host,
// the fleet (its own file: fleet.test.ts), a customer's blockers with their remedies, an enablement
// followed live to its end, and a SalesAgent who sees no action and whose
// forced POST the API refuses. axe on each page, screenshots at 1280 and 390.
//
// Screenshots of each view at 1280 and 390 px are kept in test-artifacts/console
// under CI=true or SCREENSHOTS=1 (test/browser/screens.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import * as ts from 'typescript';
import type { Page } from 'playwright-core';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { syncFleet } from '../helpers/fleetSync';
import { tempDir } from '../helpers/testHost';
import { browserSuite } from './browserSuite';
import { fleetShown, signIn as signInAs } from './consolePage';
import { VENDOR } from '../../functions/console';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

describe('the console files, as the app serves them', () => {
    let app: AppHost;
    beforeAll(async () => { app = await startAppHost(); });
    afterAll(async () => { await app?.stop(); });

    test('the page, its modules and its CSS with their types, the CSP and a cache policy', async () => {
        for (const [url, type] of [['/api/console', 'text/html'], ['/api/console/', 'text/html'], ['/api/console/app.js', 'text/javascript'], ['/api/console/console.css', 'text/css'], ['/api/console/vendor/htm-preact.js', 'text/javascript'], ['/api/console/vendor/uPlot.esm.js', 'text/javascript'], ['/api/console/vendor/uPlot.min.css', 'text/css']]) {
            const res = await app.call('GET', url);
            expect([url, res.status]).toEqual([url, 200]);
            expect(res.headers.get('content-type')).toContain(type);
            expect(res.headers.get('content-security-policy')).toBe(CSP);
            expect(res.headers.get('cache-control')).toBeTruthy();
            expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        }
        expect((await app.call('GET', '/api/console')).text).toContain('<base href="/api/console/">');
        const css = await app.call('GET', '/api/console/console.css');
        expect((await app.call('GET', '/api/console/console.css', undefined, { 'if-none-match': css.headers.get('etag')! })).status).toBe(304);
    });

    test('nothing else: no path out of console/, no file that is not listed', async () => {
        for (const url of ['/api/console/../package.json', '/api/console/%2e%2e/package.json', '/api/console/..%2fpackage.json', '/api/console/vendor/../../package.json',
            '/api/console/nope.js', '/api/console/vendor/htm.js', '/api/console/app.ts', '/api/console/%2fetc%2fpasswd']) {
            const res = await app.call('GET', url);
            expect([url, [400, 404].includes(res.status)]).toEqual([url, true]);
            expect(res.text).not.toContain('"name": "telco-overage-orchestrator"');
        }
    });

    test('under plain Node (as in Azure, not jest\'s lenient resolver) the function finds every file, the vendor module too', () => {
        // htm's package "exports" do not list its standalone module for require(): resolving it by name works under jest only
        const root = path.join(__dirname, '..', '..');
        const dir = tempDir('too-console-node-');
        try {
            const source = fs.readFileSync(path.join(root, 'functions', 'console.ts'), 'utf8');
            fs.writeFileSync(path.join(dir, 'console.js'), ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText);
            const script = `const c = require(${JSON.stringify(path.join(dir, 'console.js'))}); process.stdout.write(JSON.stringify([...c.loadConsoleAssets(${JSON.stringify(path.join(root, 'console'))}).keys()].sort()))`;
            const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') }, timeout: 30_000 });
            // (@azure/functions warns that it runs outside a host; an error would be the stack of a failed resolve)
            expect([run.status, run.stderr]).toEqual([0, expect.not.stringMatching(/Error/)]);
            expect(JSON.parse(run.stdout)).toEqual(expect.arrayContaining(['app.js', 'console.css', 'index.html', 'vendor/htm-preact.js', 'vendor/uPlot.esm.js', 'vendor/uPlot.min.css']));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    test('everything the console loads is under 250 KB gzipped', async () => {
        // every file of console/ (the page served as /api/console) and every vendor file (MSAL too, loaded when signing in with Entra ID), as served
        const own = fs.readdirSync(path.join(__dirname, '..', '..', 'console'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name !== 'index.html')
            .map((e) => `/api/console/${path.relative(path.join(__dirname, '..', '..', 'console'), path.join(e.parentPath, e.name)).split(path.sep).join('/')}`);
        const files = ['/api/console', ...own, ...Object.keys(VENDOR).map((v) => `/api/console/${v}`)];
        let total = 0;
        for (const f of files) {
            const res = await app.call('GET', f);
            expect([f, res.status]).toEqual([f, 200]);
            total += zlib.gzipSync(res.text, { level: 9 }).length;
        }
        console.log(`console bundle: ${files.length} files, ${(total / 1024).toFixed(1)} KB gzipped`);
        expect(total).toBeLessThan(250 * 1024);
    });
});

browserSuite('the partner console in chromium', { shots: 'console', host: () => startAppHost() }, (s) => {
    let app: AppHost;

    beforeAll(async () => {
        app = s.host;
        // the fleet, the landing page, lists what the sync assessed
        await syncFleet(app);
    });

    const open = () => s.open();
    const check = (page: Page, name: string) => s.check(page, name);

    async function signIn(page: Page, upn: string): Promise<void> {
        await signInAs(page, app.url, upn);
        await page.getByRole('link', { name: 'Fabrikam', exact: true }).waitFor({ timeout: 5000 });
    }

    async function openCustomer(page: Page, name: string): Promise<void> {
        await page.getByRole('searchbox', { name: 'Search' }).fill(name.slice(0, 5));
        await page.keyboard.press('Enter');
        await fleetShown(page);
        await page.getByRole('link', { name, exact: true }).click();
        const heading = page.getByRole('heading', { level: 1, name });
        await heading.waitFor();
        // focus moved to the detail's heading, for keyboard and screen-reader users
        await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'detail-h', undefined, { timeout: 5000 });
        await page.locator('#diag-h + p').waitFor();
    }

    test('an AdminAgent signs in, enables Fabrikam on its subscription and watches the run end enabled', async () => {
        const { page, errors, close } = await open();
        try {
            expect((await page.goto(`${app.url}/api/console`))?.status()).toBe(200);
            await page.getByRole('button', { name: /^admin@contoso-telecom\.example/ }).waitFor();
            await check(page, 'signin');

            await signIn(page, 'admin@contoso-telecom.example');
            await check(page, 'fleet');
            expect(await page.getByRole('row').filter({ hasText: 'Proseware' }).count()).toBe(1);

            await openCustomer(page, 'Fabrikam');
            await check(page, 'customer-fabrikam');
            // the picker: the customer's subscriptions by name, as the API lists them, and a new one
            const choices = (await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.fabrikam}/azure-subscriptions`)).json;
            const picker = page.getByRole('combobox', { name: 'Azure subscription the overage is charged to' });
            await picker.locator('option[value="new"]').waitFor({ state: 'attached' });
            expect(await picker.locator('option').allTextContents()).toEqual([...choices.items.map((i: any) => i.name), `A new subscription, “${choices.newSubscription.name}”`]);
            expect(choices.items.map((i: any) => i.name)).toEqual(['Subscription 1', 'Fabrikam Production']);
            await picker.selectOption({ label: 'Fabrikam Production' });
            // its id one click away, not in the text
            expect(await page.locator('.subscription-picker .copy-id').getAttribute('data-id')).toBe('30000000-0000-4000-8000-000000000002');
            await picker.selectOption({ label: 'Subscription 1' });
            await page.getByRole('button', { name: 'Enable overage' }).click();
            await page.locator('.run-result').filter({ hasText: 'Enabled' }).waitFor({ timeout: 30_000 });
            expect(await page.locator('.run-status').textContent()).toBe('Enabled');
            await page.getByRole('button', { name: 'Show the audit trail' }).click();
            await page.locator('.events li').first().waitFor();
            expect(await page.locator('.events li').count()).toBeGreaterThan(3);
            // each step's time in the reader's words, the recorded UTC instant on hover
            const at = await page.locator('.events li time').first().getAttribute('datetime');
            expect(await page.locator('.events li time').first().getAttribute('title')).toBe(`${new Date(at!).toISOString().replace('T', ' ').slice(0, 19)} UTC`);
            expect(await page.locator('.events li time').first().textContent()).toBe(await page.evaluate((t) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(t)), at!));
            await check(page, 'customer-fabrikam-run');
            // the customer is read again once the run ended
            await page.locator('#state-h + dl .badge.on').waitFor();

            // switch it off again: a native dialog asks first; Escape keeps it on, then confirm by keyboard
            const off = page.getByRole('button', { name: 'Switch overage off' });
            await off.click();
            const dialog = page.getByRole('dialog', { name: /Switch overage off for Fabrikam/ });
            await dialog.waitFor();
            await check(page, 'customer-fabrikam-confirm-off');
            await page.keyboard.press('Escape');
            await dialog.waitFor({ state: 'hidden' });
            expect(await page.evaluate(() => (globalThis as any).document.activeElement?.textContent)).toBe('Switch overage off');
            await page.keyboard.press('Enter');
            await dialog.waitFor();
            await dialog.getByRole('button', { name: 'Yes, switch it off' }).focus();
            await page.keyboard.press('Enter');
            await page.locator('.run-result').filter({ hasText: 'Switched off' }).waitFor({ timeout: 30_000 });
            expect(await page.locator('.run-status').textContent()).toBe('Switched off');
            await page.locator('#state-h + dl .badge.off').waitFor();
            expect(await page.getByRole('button', { name: 'Switch overage off' }).count()).toBe(0);
            await check(page, 'customer-fabrikam-off');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('Proseware shows its GDAP blocker with the remedy, and where Enable would be, why it is not offered (a forced run ends blocked: test/e2e/actions.test.ts)', async () => {
        const { page, errors, close } = await open();
        try {
            await signIn(page, 'admin@contoso-telecom.example');
            await openCustomer(page, 'Proseware');
            const blocker = page.locator('.findings li[data-code="gdap-missing"]');
            await blocker.first().waitFor();
            expect(await blocker.first().locator('.remedy').textContent()).toMatch(/What to do: .+/);
            const why = page.getByRole('group', { name: 'Not possible now' });
            await why.waitFor();
            expect(await why.textContent()).toMatch(/Enable overage:.*GDAP.*What to do:/);
            expect(await page.getByRole('button', { name: 'Enable overage' }).count()).toBe(0);
            await check(page, 'customer-proseware');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('Trey Research, billed by Litware: Contoso is offered no enable or switch-off, says who bills it, and takes over from Litware by name', async () => {
        // the page is held to the API's answer: the rules decide, the page only shows
        const answer = (await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.trey}/overage`)).json;
        expect(answer.actions).toMatchObject({ enable: { allowed: false, reason: { code: 'owned-by-another-partner' } }, requestHandover: { allowed: true, direction: 'take-over', label: 'Take over from Litware Voice' } });
        const { page, errors, close } = await open();
        let self: string | undefined;
        try {
            await signIn(page, 'admin@contoso-telecom.example');
            await openCustomer(page, 'Trey Research');
            const form = page.getByRole('form', { name: 'Take over from Litware Voice' });
            await form.waitFor();
            expect(await page.locator('#state-h + dl .owner').textContent()).toContain("Litware Voice bills this customer's overage");
            expect(await page.getByRole('button', { name: 'Enable overage' }).count()).toBe(0);
            expect(await page.getByRole('button', { name: 'Switch overage off' }).count()).toBe(0);
            // why not, where the buttons would be: the API's own words
            expect(await page.getByRole('group', { name: 'Not possible now' }).textContent()).toContain(answer.actions.enable.reason.detail);

            // the subscription Contoso would charge it to: Trey's, by name, and a new one
            const choices = (await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.trey}/azure-subscriptions`)).json;
            const picker = form.getByRole('combobox', { name: 'Azure subscription your partner will charge it to' });
            await picker.locator('option[value="new"]').waitFor({ state: 'attached' });
            expect(await picker.locator('option').allTextContents()).toEqual(['Subscription 1', `A new subscription, “${choices.newSubscription.name}”`]);

            // no GUID, no bare partner id and no 4-decimal amount in what a person reads on the customer's page
            const text = await page.locator('.detail').innerText();
            expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
            expect(text).not.toMatch(/\b100[12]\b/);
            expect(text).not.toMatch(/\d\.\d{4}|\d (EUR|USD)\b/);
            // Trey never bought credits: no currency to say a zero in
            expect(answer.credits).toMatchObject({ balance: 0, currency: null });
            expect(await page.locator('#state-h + dl dt:text-is("Credits balance") + dd').textContent()).toBe('None');
            await check(page, 'customer-trey-take-over');

            await form.getByRole('button', { name: 'Start the handover' }).click();
            const view = page.getByRole('region', { name: /^(Taking over from|Handing over to|Handover from) / });
            await view.waitFor();
            expect(await view.locator('.handover-status').textContent()).toBe('Waiting for answers');
            expect(await view.textContent()).toContain('From partnerLitware Voice');
            expect(await view.textContent()).toContain('To partnerContoso Telecom');
            expect(await view.locator('dt:text-is("Subscription") + dd').textContent()).toBe('Subscription 1 Copy subscription id');
            // said from the reader's side; its id in the address, not in the heading
            expect(await view.getByRole('heading', { level: 3 }).first().textContent()).toBe('Taking over from Litware Voice');
            const id = decodeURIComponent(new URL(page.url()).hash.split('/handovers/')[1]);
            self = `/api/customers/${CUSTOMERS.trey}/overage/handovers/${encodeURIComponent(id)}`;
            expect((await app.as('contosoAdmin')('GET', self)).json).toMatchObject({ fromPartnerId: '1002', toPartnerId: '1001', azureEntitlementId: '30000000-0000-4000-8000-000000000006' });
            await check(page, 'customer-trey-take-over-started');
            expect(errors).toEqual([]);
        } finally {
            await close();
            if (self) await app.as('contosoAdmin')('DELETE', self);
        }
    });

    test('School of Fine Art\'s credits in the reader\'s money: the balance and auto-recharge with the currency\'s symbol and cents', async () => {
        const answer = (await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.fineArt}/overage`)).json;
        const c = answer.credits;
        expect(c).toMatchObject({ currency: 'USD', autoRecharge: { enabled: true } });
        const { page, errors, close } = await open();
        try {
            await signIn(page, 'admin@contoso-telecom.example');
            await openCustomer(page, 'School of Fine Art');
            const said = await page.evaluate((x) => {
                const f = (v: unknown) => new Intl.NumberFormat(undefined, { style: 'currency', currency: x.currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(v));
                return { balance: f(x.balance), recharge: `On: buys ${f(x.autoRecharge.amount)} when the balance falls below ${f(x.autoRecharge.threshold)}` };
            }, c);
            const facts = page.locator('#state-h + dl');
            await facts.locator('dt:text-is("Credits balance") + dd').filter({ hasText: said.balance }).waitFor();
            expect(said.balance).toMatch(/^\$\d+\.\d{2}$/);
            expect(await facts.locator('dt:text-is("Auto-recharge") + dd').textContent()).toBe(said.recharge);
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('a customer’s handovers are listed with each party’s answer', async () => {
        const asked = await app.as('contosoAdmin')('POST', `/api/customers/${CUSTOMERS.lucerne}/overage/handovers`,
            { service: 'PhoneServices', toPartnerId: '1002', azureEntitlementId: '30000000-0000-4000-8000-000000000008' });
        expect(asked.status).toBe(202);
        const { page, errors, close } = await open();
        try {
            await signIn(page, 'admin@contoso-telecom.example');
            await openCustomer(page, 'Lucerne Publishing');
            const item = page.getByRole('region', { name: 'Handovers' }).getByRole('listitem');
            await item.first().waitFor();
            expect(await item.count()).toBe(1);
            expect(await item.textContent()).toContain('Waiting for answers from Contoso Telecom to Litware Voice');
            // when it was asked: in the reader's words, the UTC instant on hover
            expect(await item.locator('time').first().getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
            expect(await item.textContent()).toContain('Current partner: Not answered yet · new partner: Not answered yet · customer: Not answered yet');
            // Contoso bills Lucerne's overage: said so, and the subscription by name, its id one click away
            const facts = page.locator('#state-h + dl');
            const answer = (await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.lucerne}/overage`)).json;
            expect(answer).toMatchObject({ ownerPartnerId: '1001', azureSubscriptionName: 'Lucerne Voice' });
            expect(await facts.locator('.owner').textContent()).toContain("Your partner bills this customer's overage");
            const sub = facts.locator('dt:text-is("Subscription") + dd');
            expect(await sub.textContent()).toBe('Lucerne Voice Copy subscription id');
            expect(await sub.locator('.copy-id').getAttribute('data-id')).toBe(answer.azureEntitlementId);
            await check(page, 'customer-lucerne-handover');
            expect(errors).toEqual([]);
        } finally {
            await close();
            await app.as('contosoAdmin')('DELETE', new URL(asked.headers.get('location')!).pathname);
        }
    });

    test('the owner hands over to a partner picked by name (never itself), then the handover followed', async () => {
        const { page, errors, close } = await open();
        let self: string | undefined;
        try {
            await signIn(page, 'admin@contoso-telecom.example');
            await openCustomer(page, 'Lucerne Publishing');
            const form = page.getByRole('form', { name: 'Hand over to another partner' });
            const picker = form.getByRole('combobox', { name: 'New partner' });
            const served = (await app.as('contosoAdmin')('GET', '/api/partners')).json.items as Array<{ partnerId: string; name: string; self: boolean }>;
            const others = served.filter((p) => !p.self);
            await picker.locator(`option[value="${others[0].partnerId}"]`).waitFor({ state: 'attached' });
            expect(await picker.locator('option').allTextContents()).toEqual(others.map((p) => p.name));
            expect(others.map((p) => p.name)).toContain('Litware Voice');
            await picker.selectOption({ label: 'Litware Voice' });
            expect(await form.locator('.copy-id').getAttribute('data-id')).toBe('1002');
            // a subscription Litware named (the default is a new one: test/browser/names.test.ts)
            await form.getByRole('radio', { name: 'A subscription the new partner named' }).check();
            await form.getByRole('textbox', { name: 'Its Azure subscription id' }).fill('30000000-0000-4000-8000-000000000008');
            await form.getByRole('spinbutton', { name: /Days to answer/ }).fill('5');
            await form.getByRole('button', { name: 'Start the handover' }).click();
            const view = page.getByRole('region', { name: /^(Taking over from|Handing over to|Handover from) / });
            await view.waitFor();
            expect(await view.locator('.handover-status').textContent()).toBe('Waiting for answers');
            expect(await view.textContent()).toContain('Current partner');
            expect(await view.textContent()).toContain('From partnerContoso Telecom');
            expect(await view.textContent()).toContain('To partnerLitware Voice');
            expect(await view.locator('dt:text-is("Subscription") + dd').textContent()).toBe('Lucerne Archive Copy subscription id');
            // said from the reader's side; its id in the address, not in the heading
            expect(await view.getByRole('heading', { level: 3 }).first().textContent()).toBe('Handing over to Litware Voice');
            const id = decodeURIComponent(new URL(page.url()).hash.split('/handovers/')[1]);
            self = `/api/customers/${CUSTOMERS.lucerne}/overage/handovers/${encodeURIComponent(id)}`;
            // the due date in the reader's words and time zone, the API's instant on hover
            const due = (await app.as('contosoAdmin')('GET', self)).json.expiresAt as string;
            const dueTime = view.locator('dt:text-is("Answers due by") + dd time');
            expect(await dueTime.getAttribute('datetime')).toBe(due);
            expect(await dueTime.getAttribute('title')).toBe(`${new Date(due).toISOString().replace('T', ' ').slice(0, 19)} UTC`);
            expect(await dueTime.textContent()).toBe(await page.evaluate((at) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at)), due));
            // the list of handovers is read again and shows it
            await page.getByRole('region', { name: 'Handovers' }).getByRole('listitem').filter({ hasText: 'Waiting for answers from Contoso Telecom to Litware Voice' }).waitFor();
            // read again every few seconds while it waits: a decision made elsewhere shows without reloading
            await page.waitForRequest((r) => r.method() === 'GET' && r.url().endsWith(`/overage/handovers/${encodeURIComponent(id)}`), { timeout: 8000 });
            expect(await view.locator('.handover-status').textContent()).toBe('Waiting for answers');
            await check(page, 'customer-lucerne-handover-started');

            // the requesting partner cancels it, after a confirmation; the run ends it and the list follows
            await view.getByRole('button', { name: 'Cancel this handover' }).click();
            const confirm = page.getByRole('dialog', { name: 'Cancel the handover to Litware Voice?' });
            await confirm.waitFor();
            await check(page, 'customer-lucerne-handover-cancel-confirm');
            await confirm.getByRole('button', { name: 'Yes, cancel it' }).click();
            await view.locator('.handover-status', { hasText: 'Cancelled' }).waitFor();
            expect(await view.getByRole('button', { name: 'Cancel this handover' }).count()).toBe(0);
            const read = await app.as('contosoAdmin')('GET', self);
            expect(read.json).toMatchObject({ status: 'cancelled' });
            expect(errors).toEqual([]);
        } finally {
            await close();
            if (self) await app.as('contosoAdmin')('DELETE', self);
        }
    });

    test('a rated month: the totals, charts with their tables, and the reconciliation CSV downloaded', async () => {
        const operator = { 'x-functions-key': app.host.systemKey };
        const rates = { currency: 'EUR', effectiveFrom: '2026-01-01', rates: [{ meterId: 'tc-be', meterName: 'Teams Calling Belgium', meterCategory: 'Teams Calling', destination: 'BE', perMinute: 0.015, connectionFee: 0 }] };
        expect((await app.call('PUT', '/api/rates', rates, operator)).status).toBe(200);
        const header = 'UsageId,Call ID,Conference ID,User Location,AAD ObjectId,UPN,User Display Name,Caller ID,Call Type,Number Type,Domestic/International,Destination Dialed,Destination Number,Start Time,End Time,Duration Seconds,Connection Fee,Charge,Currency,Capability';
        const row = (id: string, start: string, seconds: number) =>
            [id, `call-${id}`, '', 'BE', '00000000-0000-0000-0000-000000000001', 'user@example.com', 'A User', '+3220000000', 'user_out', 'user', 'Domestic', 'BE', '+3221111111', start, start, seconds, '0', '0', 'EUR', 'MCOPSTN1'].join(',');
        const csv = [header, row('b1', '2026-11-02T10:00:00Z', 216_000), row('b2', '2026-11-03T09:00:00Z', 125), row('b3', '2026-11-04T09:00:00Z', 60)].join('\n');
        const imported = await app.as('contosoAdmin')('POST', `/api/customers/${CUSTOMERS.lucerne}/usage`, csv, { 'content-type': 'text/csv' });
        expect(imported.status).toBeLessThan(300);
        const started = await app.call('POST', '/api/accruals/2026-11', undefined, operator);
        expect(started.status).toBe(202);
        const until = Date.now() + 60_000;
        for (;;) {
            const s = await app.call('GET', new URL(started.headers.get('location')!).pathname, undefined, operator);
            if (s.json.status === 'completed') break;
            if (s.json.status === 'failed' || Date.now() > until) throw new Error(`accrual job: ${JSON.stringify(s.json)}`);
            await new Promise((r) => setTimeout(r, 300));
        }
        const expected = (await app.as('contosoAdmin')('GET', `/api/customers/${CUSTOMERS.lucerne}/accruals/2026-11`)).json;

        const { page, errors, close } = await open();
        try {
            await signIn(page, 'admin@contoso-telecom.example');
            await openCustomer(page, 'Lucerne Publishing');
            const region = page.getByRole('region', { name: 'Accrual' });
            // the month picker leads to the month's own page
            await page.getByLabel('Another month').fill('2026-11');
            await page.getByRole('button', { name: 'Open the month' }).click();
            const totals = region.getByRole('definition');
            await totals.first().waitFor();
            // figures in the reader's language: thousands separators, the currency's symbol and cents, never the API's 4 decimals
            const [pool0, p0] = Object.entries(expected.poolMinutes as Record<string, { used: number; included: number }>)[0];
            const said = await page.evaluate(([e, p]) => ({
                minutes: new Intl.NumberFormat().format(e.billableMinutes),
                pool: `${new Intl.NumberFormat().format(p.used)} of ${new Intl.NumberFormat().format(p.included)} minutes used`,
                overage: new Intl.NumberFormat(undefined, { style: 'currency', currency: e.currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(e.overageAmount)),
            }), [expected, p0] as const);
            expect(p0.included).toBeGreaterThan(999);
            expect(said.pool).toMatch(/^\d+\D\d{3} of \d+\D\d{3} minutes used$/);
            expect(await region.locator(`dt:text-is("Pool ${pool0}") + dd`).textContent()).toBe(said.pool);
            expect(await region.textContent()).toContain(`Billable minutes${said.minutes}`);
            expect(await region.locator('dt:text-is("Overage") + dd').textContent()).toBe(said.overage);
            expect(await region.locator('dl.facts').textContent()).not.toMatch(/\d\.\d{3,}|\d (EUR|USD)\b/);
            const pools = region.getByRole('img', { name: 'Pool minutes used and included, per country and plan' });
            await pools.waitFor();
            const poolTable = region.getByRole('table', { name: 'Pool minutes per country and plan' });
            const [pool, p] = Object.entries(expected.poolMinutes as Record<string, { used: number; included: number }>)[0];
            const counts = await page.evaluate((ns) => ns.map((n) => new Intl.NumberFormat().format(n)), [p.used, p.included]);
            expect(await poolTable.getByRole('row').filter({ hasText: pool }).textContent()).toBe(`${pool}${counts[0]}${counts[1]}`);
            await region.getByRole('img', { name: /^Overage amount per day/ }).waitFor();
            const daily = region.getByRole('table', { name: 'Overage amount per day' });
            const days = new Set((expected.lines as Array<{ UsageDate: string }>).map((l) => l.UsageDate.slice(0, 10)));
            // every day of November, those without a line too (charts.test.ts looks closer)
            expect(await daily.locator('tbody tr').count()).toBe(30);
            expect(days.size).toBeGreaterThan(0);
            for (const day of days) expect(await daily.locator(`time[datetime="${day}"]`).count()).toBe(1);
            // uPlot drew on a canvas of the chart's width, under the CSP
            expect(await region.locator('.chart canvas').count()).toBe(2);
            expect(await region.locator('.chart canvas').first().evaluate((c: any) => c.width)).toBeGreaterThan(100);
            await check(page, 'customer-lucerne-accrual');

            const [download] = await Promise.all([page.waitForEvent('download'), region.getByRole('button', { name: 'Download the reconciliation CSV of 2026-11' }).click()]);
            expect(download.suggestedFilename()).toBe('reconciliation-1001-2026-11.csv');
            const file = fs.readFileSync((await download.path())!, 'utf8');
            expect(file).toMatch(/^PartnerId,CustomerId,CustomerName/);
            expect(file).toBe((await app.as('contosoAdmin')('GET', '/api/partners/1001/reconciliation/2026-11.csv')).text);
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('a SalesAgent sees no action, and a POST forced with its token is refused by the API', async () => {
        const { page, errors, close, expectRefusal } = await open();
        // the one refusal this test forces (below), and no other
        expectRefusal({ method: 'POST', path: `/api/customers/${CUSTOMERS.woodgrove}/overage/enablements`, status: 403 });
        try {
            await signIn(page, 'sales@contoso-telecom.example');
            // by keyboard alone: type in the search, Tab on to the one customer left, Enter
            await page.getByRole('searchbox', { name: 'Search' }).fill('Woodg');
            await page.waitForFunction(() => (globalThis as any).location.hash === '#/fleet?q=Woodg');
            await fleetShown(page);
            const focused = () => page.evaluate(() => (globalThis as any).document.activeElement?.textContent);
            for (let tabs = 0; tabs < 4 && await focused() !== 'Woodgrove Bank'; tabs++) await page.keyboard.press('Tab');
            expect(await focused()).toBe('Woodgrove Bank');
            await page.keyboard.press('Enter');
            await page.getByRole('heading', { level: 1, name: 'Woodgrove Bank' }).waitFor();
            // (focus moves in an effect, just after the heading paints)
            await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'detail-h', undefined, { timeout: 5000 });
            await page.locator('#diag-h + p').waitFor();
            expect(await page.getByRole('button', { name: 'Enable overage' }).count()).toBe(0);
            expect(await page.getByRole('region', { name: 'Actions' }).count()).toBe(0);
            await check(page, 'customer-woodgrove-sales');

            // the page's own token, used as a script on the page would: the API says no
            const refused = await page.evaluate(async (customer) => {
                const g = globalThis as any;
                const token = g.sessionStorage.getItem('telco-overage-console.token');
                const res = await g.fetch(`/api/customers/${customer}/overage/enablements`, {
                    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                    body: JSON.stringify({ service: 'PhoneServices', azureEntitlementId: 'new' }),
                });
                return { status: res.status, body: await res.json() };
            }, CUSTOMERS.woodgrove);
            expect(refused.status).toBe(403);
            expect(refused.body.code).toBe('role-not-permitted');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('the fleet and a customer\'s page say who pays now in the same words', async () => {
        const { page, errors, close } = await open();
        try {
            await signIn(page, 'admin@contoso-telecom.example');
            const payers = await page.locator('td[data-label="Who pays now"]').allTextContents();
            expect(payers.length).toBeGreaterThan(0);
            expect(payers.filter((w) => !['Overage (post-paid)', 'Communications Credits', 'Nobody: calls beyond the included minutes are refused'].includes(w))).toEqual([]);
            const inFleet = await page.getByRole('row').filter({ hasText: 'Woodgrove Bank' }).locator('td[data-label="Who pays now"]').textContent();
            await openCustomer(page, 'Woodgrove Bank');
            await page.locator('#state-h + dl dd').filter({ hasText: inFleet! }).waitFor();
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });
});
