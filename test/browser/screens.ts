// Where the browser suites' screenshots go and how a view is shot: at both
// widths people use (1280 and 390 px), full page, named `<view>-<width>.png`.
// They are kept in test-artifacts/<suite>/ under CI=true or SCREENSHOTS=1
// (SCREENSHOTS=<dir> keeps them under that dir instead); otherwise they go to
// a temp dir removed after the suite, so the shooting itself is still tested.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

export const WIDTHS = [{ width: 1280, height: 900 }, { width: 390, height: 844 }] as const;

/** The settings each suite had before SCREENSHOTS, by folder: a folder to keep them in. */
const LEGACY: Record<string, string> = { console: 'CONSOLE_SCREENSHOTS', mailbox: 'MAILBOX_SCREENSHOTS', approval: 'APPROVAL_SCREENSHOTS' };

/** The folder that keeps a suite's screenshots, or undefined when they are thrown away. */
export function keptShotsDir(folder: string, env: Record<string, string | undefined> = process.env): string | undefined {
    // the older per-suite settings still work
    const legacy = LEGACY[folder] && env[LEGACY[folder]];
    if (legacy) return legacy;
    const flag = env.SCREENSHOTS;
    if (flag && flag !== '0' && flag !== 'false') return path.join(flag === '1' || flag === 'true' ? 'test-artifacts' : flag, folder);
    return env.CI === 'true' ? path.join('test-artifacts', folder) : undefined;
}

/** A suite's screenshot folder, made; `dispose` removes it unless it is kept. */
export function shotsDir(folder: string): { dir: string; kept: boolean; dispose: () => void } {
    const kept = keptShotsDir(folder);
    if (kept) {
        fs.mkdirSync(kept, { recursive: true });
        return { dir: kept, kept: true, dispose: () => undefined };
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `too-${folder}-shots-`));
    return { dir, kept: false, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

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
