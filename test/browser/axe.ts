// axe-core's serious and critical findings on a page as it is now. The pages
// allow no inline script (CSP), so axe is evaluated through the DevTools
// protocol, which CSP does not govern.
import * as fs from 'node:fs';
import type { Page } from 'playwright-core';

export interface Violation { id: string; impact: string; help: string; targets: string[] }

let axe: string | undefined;
const AXE = () => (axe ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

export async function seriousViolations(page: Page): Promise<Violation[]> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Runtime.evaluate', { expression: AXE() });
    await cdp.detach();
    const violations = await page.evaluate(async () => {
        const g = globalThis as any;
        const result = await g.axe.run(g.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
        return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n: any) => String(n.target)) }));
    });
    return (violations as Violation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
