// Plain words on a customer's page in chromium (issue 23, observations 3 and
// 7): a run says where it stands ("Step 9 of 9 · Waiting for auto-recharge to
// be turned off · 3 seconds") and ends in one word ("Enabled", "Blocked: GDAP
// access missing"), comes into view when it starts, and no visible text names
// an API route or a code of the message catalogue. Two runs: Fabrikam's waits
// for its customer to turn auto-recharge off (switched on in the simulator
// after the page offered Enable), then ends enabled; Relecloud's ends blocked
// because its GDAP access was withdrawn after the page offered Enable. axe and
// screenshots at 1280 and 390 px; no console error.
//
// Screenshots of each view at 1280 and 390 px are kept in test-artifacts/console
// under CI=true or SCREENSHOTS=1 (test/browser/screens.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { Page } from 'playwright-core';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { syncFleet } from '../helpers/fleetSync';
import { browserSuite } from './browserSuite';
import { signIn } from './consolePage';

/** Every kebab-case code the console's catalogue has words for: none may show as it is. */
function catalogueCodes(): RegExp {
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'console', 'messages.js'), 'utf8');
    const exports: Record<string, any> = {};
    new Function('exports', ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText)(exports);
    const keys = ['CODES', 'STEPS', 'RUN_RESULTS', 'HANDOVER_STATUSES'].flatMap((name) => Object.keys(exports[name])).filter((k) => k.includes('-'));
    expect(keys).toContain('gdap-missing');
    return new RegExp(`(?<![\\w-])(${keys.join('|')})(?![\\w-])`);
}
const CODE = catalogueCodes();

/** The page's visible text names no route and no code. */
async function plainWords(page: Page): Promise<void> {
    const text = await page.evaluate(() => (globalThis as any).document.body.innerText as string);
    expect(text).not.toContain('/api/');
    expect(text.match(CODE)?.[0] ?? null).toBeNull();
}

/** Records every text the run's status line shows, however briefly. */
async function recordStatusLines(page: Page): Promise<() => Promise<string[]>> {
    await page.evaluate(() => {
        const g = globalThis as any;
        g.statusLines = [];
        const note = () => {
            const text = g.document.querySelector('.run .run-status')?.textContent;
            if (text && g.statusLines.at(-1) !== text) g.statusLines.push(text);
        };
        new g.MutationObserver(note).observe(g.document.body, { subtree: true, childList: true, characterData: true });
    });
    return () => page.evaluate(() => (globalThis as any).statusLines as string[]);
}

/** The run panel's status line and heading are inside the window (smooth scrolling may take a moment). */
async function runInView(page: Page): Promise<void> {
    await page.waitForFunction(() => {
        const g = globalThis as any;
        const panel = g.document.querySelector('.run');
        const line = g.document.querySelector('.run .run-line');
        if (!panel || !line) return false;
        const top = panel.getBoundingClientRect().top;
        return top >= 0 && line.getBoundingClientRect().bottom <= g.innerHeight;
    }, undefined, { timeout: 10_000 });
}

browserSuite('plain words on a customer\'s page in chromium', { shots: 'console', host: () => startAppHost() }, (s) => {
    let app: AppHost;

    beforeAll(async () => {
        app = s.host;
        // the customer's page names it from the fleet view
        await syncFleet(app);
    }, 120_000);

    async function openCustomer(page: Page, id: string, name: string): Promise<void> {
        await signIn(page, app.url, 'admin@contoso-telecom.example');
        await page.goto(`${app.url}/api/console#/customers/${id}`);
        await page.getByRole('heading', { level: 1, name }).waitFor();
        await page.getByRole('button', { name: 'Enable overage' }).waitFor();
        await page.locator('#diag-h ~ p').first().waitFor();
    }

    test('Fabrikam: the run says its step while it waits, comes into view, and ends in one word', async () => {
        const { page, errors, close } = await s.open();
        try {
            await openCustomer(page, CUSTOMERS.fabrikam, 'Fabrikam');
            await plainWords(page);
            await s.check(page, 'words-fabrikam');
            // the customer turns auto-recharge on after the page offered Enable: the run waits for it to go off again
            expect((await app.call('POST', `/simulator/customers/${CUSTOMERS.fabrikam}`, { credits: { autoRecharge: { enabled: true } } })).status).toBe(200);
            await page.getByRole('checkbox', { name: 'Wait until the customer turns auto-recharge off' }).check();
            await page.getByRole('button', { name: 'Enable overage' }).click();
            await runInView(page);
            const status = page.locator('.run .run-status');
            await status.filter({ hasText: /^Step 9 of 9 · Waiting for auto-recharge to be turned off$/ }).waitFor({ timeout: 30_000 });
            expect(await status.getAttribute('aria-live')).toBe('polite');
            expect(await page.locator('.run .run-elapsed').innerText()).toMatch(/^(\d+ seconds?|under a second)$/);
            // the heading says what the run does; its id is one click away
            expect(await page.locator('#run-h').innerText()).toBe('Enable overage');
            const runId = await page.locator('.run .copy-id').last().getAttribute('data-id');
            expect(runId).toMatch(/^enableOverage-/);
            expect(await page.locator('.run').innerText()).not.toContain(runId!);
            await plainWords(page);
            await s.check(page, 'words-fabrikam-waiting');

            expect((await app.call('POST', `/simulator/customers/${CUSTOMERS.fabrikam}`, { credits: { autoRecharge: { enabled: false } } })).status).toBe(200);
            await page.locator('.run .run-result').filter({ hasText: /^Enabled$/ }).waitFor({ timeout: 30_000 });
            expect(await status.innerText()).toBe('Enabled');
            expect(await page.locator('.run .run-elapsed').innerText()).toMatch(/^took \d+ (seconds?|minutes?)/);
            await page.getByRole('button', { name: 'Show the audit trail' }).click();
            await page.locator('.events li').first().waitFor();
            expect(await page.locator('.events li[data-step="auto-recharge-wait"] .step').first().innerText()).toBe('Waiting for auto-recharge to be turned off');
            await plainWords(page);
            await s.check(page, 'words-fabrikam-enabled');
            expect(errors).toEqual([]);
        } finally {
            await close();
        }
    });

    test('Relecloud: a run blocked by GDAP access withdrawn after the page offered Enable says so in words', async () => {
        const { page, errors, close } = await s.open();
        try {
            await openCustomer(page, CUSTOMERS.relecloud, 'Relecloud');
            await plainWords(page);
            expect((await app.call('POST', `/simulator/customers/${CUSTOMERS.relecloud}`, { policies: { gdapAzureAccess: false } })).status).toBe(200);
            const lines = await recordStatusLines(page);
            await page.getByRole('button', { name: 'Enable overage' }).click();
            await runInView(page);
            await page.locator('.run .run-result').filter({ hasText: /^Blocked: GDAP access missing$/ }).waitFor({ timeout: 30_000 });
            // whatever the page caught of the run while it ran was a step in words, counted, then the outcome
            const seen = await lines();
            expect(seen.at(-1)).toBe('Blocked: GDAP access missing');
            for (const line of seen.slice(0, -1)) expect(line).toMatch(/^(Starting|Step [1-9] of 9 · [A-Z][a-z].+)$/);
            const blocker = page.locator('.run .findings li[data-code="gdap-missing"]');
            expect(await blocker.locator('.finding-title').innerText()).toBe('GDAP access missing');
            expect(await blocker.locator('.remedy').innerText()).toMatch(/^What to do: \S+/);
            await page.getByRole('button', { name: 'Show the audit trail' }).click();
            await page.locator('.events li[data-step="preflight"]').first().waitFor();
            expect(await page.locator('.events li[data-step="preflight"]').first().innerText()).toContain('Checking access and policies Blocked GDAP access missing: ');
            await plainWords(page);
            await s.check(page, 'words-relecloud-blocked');
            expect(errors).toEqual([]);
        } finally {
            await close();
            await app.call('POST', `/simulator/customers/${CUSTOMERS.relecloud}`, { policies: { gdapAzureAccess: true } });
        }
    });
});
