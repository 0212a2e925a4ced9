// How a view is shot, for the browser tests and `npm run screenshots` alike:
// at both widths people use (1280 and 390 px), full page, named
// `<view>-<width>.png`, and nothing may force a sideways scroll.
import * as path from 'node:path';
import type { Page } from 'playwright-core';

export const WIDTHS = [{ width: 1280, height: 900 }, { width: 390, height: 844 }] as const;

/** A file name from a view's or a test's words: lower case, dashes, short. */
export const fileName = (words: string): string => words.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'view';

/**
 * The page at each width into `dir` (`<name>-1280.png`, `<name>-390.png`), running `atWidth` at each
 * (axe, say) before the shot; nothing may force a sideways scroll. The page is left at 1280 px.
 */
export async function shootBothWidths(page: Page, dir: string, name: string, atWidth?: (width: number) => Promise<void>): Promise<void> {
    for (const w of WIDTHS) {
        await page.setViewportSize(w);
        await atWidth?.(w.width);
        await page.screenshot({ path: path.join(dir, `${fileName(name)}-${w.width}.png`), fullPage: true });
        const fits = await page.evaluate(() => { const d = (globalThis as any).document.documentElement; return d.scrollWidth <= d.clientWidth; });
        if (!fits) throw new Error(`${name} at ${w.width} px scrolls sideways: something is wider than the screen`);
    }
    await page.setViewportSize(WIDTHS[0]);
}
