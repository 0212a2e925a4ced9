// The local mailbox (/simulator/mailbox) in a real browser, as a person opens
// it from the banner or the README: the mails listed with their subject,
// recipients, time and text, an approval-style link that a click follows,
// hostile mail content shown as text, axe clean and no sideways scroll at
// desktop and phone widths, and nothing refused by the page's CSP.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createMailer } from '../../shared/adapters/mail/mailers';
import { SimulatorHost, startSimulatorHost } from '../helpers/simulatorHost';
import { tempDir } from '../helpers/testHost';
import { seriousViolations } from './axe';
import { CHROMIUM, LAUNCH, browserSkipReason, chromiumInstalled } from './chromium';

const WIDTHS = [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 390, height: 844 }];
const skip = browserSkipReason();

describe('the mailbox page in chromium', () => {
    if (skip) {
        console.warn(`browser tests skipped: ${skip}`);
        test.skip(`SKIPPED (${skip})`, () => undefined);
        return;
    }
    let sim: SimulatorHost;
    let browser: Browser;
    let shots: string;
    // CI keeps them as test artifacts; MAILBOX_SCREENSHOTS=<dir> keeps them elsewhere
    const keep = process.env.MAILBOX_SCREENSHOTS ?? (process.env.CI === 'true' ? 'test-artifacts/mailbox' : undefined);

    beforeAll(async () => {
        if (!chromiumInstalled()) throw new Error(`${CHROMIUM} is missing: the jest global setup could not install it (see its output above)`);
        shots = keep ? (fs.mkdirSync(keep, { recursive: true }), keep) : tempDir('too-mailbox-shots-');
        [sim, browser] = await Promise.all([startSimulatorHost(), chromium.launch(LAUNCH)]);
        const mailer = createMailer({ LOCAL_SMTP_PORT: process.env.LOCAL_SMTP_PORT });
        await mailer.send({
            to: 'admin@contoso-telecom.example', subject: 'Approve handing over Lucerne Publishing’s overage to Litware Voice',
            text: `Litware Voice asks to take over overage for Lucerne Publishing.\n\nApprove or decline: ${sim.url}/simulator/world?party=currentPartner&token=${'x'.repeat(300)}\n\nThe link expires on 2026-12-21.`,
        });
        await mailer.send({ to: 'it@lucerne.example', subject: '<img src=x onerror="document.title=1">', text: 'Reason: <b>not now</b>' });
    });
    afterAll(async () => {
        await browser?.close();
        await sim?.stop();
        if (!keep && shots) fs.rmSync(shots, { recursive: true, force: true });
    });

    async function open(): Promise<{ page: Page; errors: string[] }> {
        const page = await (await browser.newContext()).newPage();
        const errors: string[] = [];
        // a CSP refusal or a script error shows as a console error; a failed load is counted by its response (with its
        // address). The page names its own icon; a JSON page a link leads to does not, so the browser's own
        // /favicon.ico lookup there is not the page's fault
        page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('response', (r) => { if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') errors.push(`${r.status()} ${r.url()}`); });
        const res = await page.goto(`${sim.url}/simulator/mailbox`);
        expect(res?.status()).toBe(200);
        return { page, errors };
    }

    test('lists each mail by subject, with who it went to, when, and its text; hostile content stays text', async () => {
        const { page, errors } = await open();
        try {
            await expect(page.title()).resolves.toBe('Mailbox (2 mails) – local simulator');
            const subjects = await page.getByRole('heading', { level: 2 }).allTextContents();
            expect(subjects).toEqual(['<img src=x onerror="document.title=1">', 'Approve handing over Lucerne Publishing’s overage to Litware Voice']);
            expect(await page.locator('main img, main b').count()).toBe(0);
            const approval = page.getByRole('article', { name: subjects[1] });
            expect(await approval.getByRole('definition').first().textContent()).toBe('admin@contoso-telecom.example');
            expect(await approval.locator('time').textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
            expect(await approval.textContent()).toContain('The link expires on 2026-12-21.');
            expect(await seriousViolations(page)).toEqual([]);
            for (const w of WIDTHS) {
                await page.setViewportSize({ width: w.width, height: w.height });
                await page.screenshot({ path: path.join(shots, `mailbox-${w.name}.png`), fullPage: true });
                // a 300-character token in a link may not force a sideways scroll
                expect(await page.evaluate(() => { const d = (globalThis as any).document.documentElement; return d.scrollWidth <= d.clientWidth; })).toBe(true);
            }
            expect(errors).toEqual([]);
        } finally {
            await page.context().close();
        }
    });

    test('a link in a mail is a link: a click opens it', async () => {
        const { page, errors } = await open();
        try {
            const link = page.getByRole('link', { name: /\/simulator\/world\?party=currentPartner/ });
            await Promise.all([page.waitForURL(/\/simulator\/world\?party=currentPartner/), link.click()]);
            expect(page.url()).toBe(`${sim.url}/simulator/world?party=currentPartner&token=${'x'.repeat(300)}`);
            expect(errors).toEqual([]);
        } finally {
            await page.context().close();
        }
    });
});
