// What the console's browser tests share: the local sign-in as a demo agent,
// the fleet's and the charts' checks, and the older forms of browserSuite's
// page and checks (a watched page, axe and a screenshot at both widths).
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { watchPage, type PageWatch } from './pageWatch';
import { shootBothWidths } from './screens';

/** The two widths, by the names the older helpers gave them. */
export const WIDTHS = [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 390, height: 844 }];

/**
 * A page under watch (test/browser/pageWatch.ts): any console error, page error or failed request is in `errors`,
 * refusals a test provokes named with `expectRefusal`. The older form of browserSuite's `s.open()` (which also
 * checks the page after each test, a named refusal never seen included); kept for suites not moved onto it yet.
 */
export async function openPage(browser: Browser, o: { acceptDownloads?: boolean } = {}): Promise<{ page: Page; errors: string[]; close: () => Promise<void>; expectRefusal: PageWatch['expectRefusal'] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: o.acceptDownloads ?? true });
    const page = await context.newPage();
    const watch = watchPage(page);
    return { page, errors: watch.errors, expectRefusal: watch.expectRefusal, close: async () => { watch.closing(); await context.close(); } };
}

/** axe, and a screenshot at each width into `shots` (`<name>-1280.png`, `<name>-390.png`; nothing may force a sideways scroll). */
export async function checkPage(page: Page, shots: string, name: string): Promise<void> {
    await shootBothWidths(page, shots, name, async () => { expect(await seriousViolations(page)).toEqual([]); });
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
