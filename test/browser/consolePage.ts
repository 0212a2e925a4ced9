// What the console's browser tests share: a page under the console's own CSP
// that collects console errors, the checks each page gets at both widths
// (axe, a screenshot, no sideways scroll), and the local sign-in as a demo agent.
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe';

export const WIDTHS = [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 390, height: 844 }];

/** A page that collects console errors (a CSP violation, a broken module) and server errors for the test to refuse. */
export async function openPage(browser: Browser, o: { acceptDownloads?: boolean } = {}): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: o.acceptDownloads ?? true });
    const page = await context.newPage();
    const errors: string[] = [];
    // a refused request (4xx) is expected where a test forces one
    page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    // a server error names its request (the console line alone does not), with what the host logged then
    page.on('response', async (r) => {
        if (r.status() < 500) return;
        const said = await r.text().catch(() => '');
        errors.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}: ${said.slice(0, 500)}`);
    });
    return { page, errors, close: () => context.close() };
}

/** axe, and a screenshot at each width into `shots` (nothing may force a sideways scroll); back at the desktop width after. */
export async function checkPage(page: Page, shots: string, name: string): Promise<void> {
    for (const w of WIDTHS) {
        await page.setViewportSize({ width: w.width, height: w.height });
        expect(await seriousViolations(page)).toEqual([]);
        await page.screenshot({ path: path.join(shots, `${name}-${w.name}.png`), fullPage: true });
        expect(await page.evaluate(() => { const d = (globalThis as any).document.documentElement; return d.scrollWidth <= d.clientWidth; })).toBe(true);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
}

/** Signs in on the local host as the demo agent `upn` and waits for the fleet, the landing page, to list its customers. */
export async function signIn(page: Page, url: string, upn: string, hash = ''): Promise<void> {
    expect((await page.goto(`${url}/api/console${hash}`))?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: new RegExp(`^${upn.replace(/\./g, '\\.')}`) }).click();
    await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor();
    await fleetShown(page);
}

/** The fleet's table shows what the address asks for (the filters of the page it read are the hash's), and is not busy. */
export async function fleetShown(page: Page): Promise<void> {
    const state = () => page.evaluate(() => {
        const g = globalThis as any;
        const wrap = g.document.querySelector('.fleet .table-wrap');
        const h = String(g.location.hash);
        const q = new URLSearchParams(h.startsWith('#/fleet?') ? h.slice('#/fleet?'.length) : '');
        const key = ['state', 'blocker', 'usage', 'q'].map((k) => (q.get(k) ?? '').trim()).join('|');
        return { hash: h, wants: key, shown: wrap?.dataset.shown ?? null, busy: wrap?.getAttribute('aria-busy') ?? null, heading: g.document.querySelector('h1')?.textContent ?? null };
    }).catch((e: Error) => ({ error: e.message }));
    const end = Date.now() + 10_000;
    for (;;) {
        const s: any = await state();
        if (s.busy === 'false' && s.shown === s.wants) return;
        if (Date.now() > end) throw new Error(`the fleet did not show what the address asks for: ${JSON.stringify(s)}`);
        await page.waitForTimeout(50);
    }
}

/** The customer names in the fleet's table, in order. */
export const fleetNames = (page: Page): Promise<string[]> => page.locator('.fleet-table tbody a.customer-link').allTextContents();

/** The address's hash, decoded. */
export const hashOf = (page: Page): string => decodeURIComponent(new URL(page.url()).hash);

/** A day label a chart drew, as console/chartKit.js records it on the chart (`data-day-labels`). */
export interface LabelBox { text: string; left: number; right: number }

/** A month chart's day labels: its first and last days labelled, at least five, no two closer than 2 px. */
export function expectDayLabelsApart(labels: readonly LabelBox[], width: number): void {
    const days = labels.map((l) => Number(l.text));
    // the month's first days and its last days are labelled: the axis spans the month
    expect([width, days[0] <= 5, days.at(-1)! >= 25, days.length >= 5]).toEqual([width, true, true, true]);
    for (let i = 1; i < labels.length; i++) {
        const [a, b] = [labels[i - 1], labels[i]];
        // 2 px apart at least: two labels never touch
        expect([width, a.text, b.text, a.right + 2 <= b.left]).toEqual([width, a.text, b.text, true]);
    }
}
