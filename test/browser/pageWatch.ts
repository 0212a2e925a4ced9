// What a browser test refuses on a page: any console error, any page error and
// any failed request (an answer of 400 or more, or a request the network
// dropped). Two things are not the page's fault and are let through: a request
// aborted because the test navigated away (or closed the page) while it ran,
// and a refusal the test itself provoked and named beforehand (expectRefusal),
// matched narrowly by method, path and status, and owed: one named but never
// seen is a problem too.
import type { Page, Request } from 'playwright-core';

/** A refusal a test provokes on purpose, e.g. a SalesAgent forcing a POST the API answers 403. */
export interface ExpectedRefusal {
    method: string;
    path: string | RegExp;
    status: number;
    /** Let it through each time it comes (a page read again on reload, Back or Forward); it must still come once. */
    repeats?: boolean;
}

export interface PageWatch {
    /** Everything refused so far, in the order it happened (a test may assert on it early). */
    readonly errors: string[];
    /** Lets one refusal through (once per call, or each time with `repeats`); the watch fails if it never comes. */
    expectRefusal(r: ExpectedRefusal): void;
    /** What the page did wrong, refusals owed included: empty when the page was clean. */
    problems(): string[];
    /** Throws with every problem listed; returns quietly when there is none. */
    assertClean(): void;
    /** From now on aborted requests are the closing's doing, not the page's. */
    closing(): void;
}

const pathOf = (url: string): string => { try { return new URL(url).pathname; } catch { return url; } };
const matches = (e: ExpectedRefusal, method: string, url: string, status: number): boolean =>
    e.method.toUpperCase() === method.toUpperCase() && e.status === status && (typeof e.path === 'string' ? e.path === pathOf(url) : e.path.test(pathOf(url)));

export function watchPage(page: Page): PageWatch {
    const errors: string[] = [];
    const expected: ExpectedRefusal[] = [];
    const seen = new Set<ExpectedRefusal>();
    /** The URLs whose refusal was expected: Chromium's "Failed to load resource" line for them is no error either. */
    const excused = new Set<string>();
    // a request started before the last navigation belongs to a page the test left
    let navigations = 0;
    const startedAt = new WeakMap<Request, number>();
    let closing = false;

    // a new document's request comes before the old one's requests are aborted; a route change inside the page has none
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations++; });
    page.on('request', (r) => {
        if (r.isNavigationRequest() && r.frame() === page.mainFrame()) navigations++;
        startedAt.set(r, navigations);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('console', (m) => {
        if (m.type() !== 'error') return;
        if (m.text().startsWith('Failed to load resource') && excused.has(m.location().url)) return;
        errors.push(`console error: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
    });
    page.on('response', async (r) => {
        if (r.status() < 400) return;
        const method = r.request().method();
        const i = expected.findIndex((e) => matches(e, method, r.url(), r.status()));
        if (i >= 0) {
            seen.add(expected[i]);
            if (!expected[i].repeats) expected.splice(i, 1);
            excused.add(r.url());
            return;
        }
        // a refusal names its request and what the server said (the console line alone does not)
        const said = await r.text().catch(() => '');
        errors.push(`${r.status()} ${method} ${pathOf(r.url())}: ${said.slice(0, 500)}`);
    });
    page.on('requestfailed', (r) => {
        const text = r.failure()?.errorText ?? 'failed';
        const left = closing || startedAt.get(r) !== navigations;
        if (text === 'net::ERR_ABORTED' && left) return;
        errors.push(`request failed (${text}): ${r.method()} ${pathOf(r.url())}`);
    });

    const owed = () => expected.filter((e) => !seen.has(e));
    const problems = () => [...errors, ...owed().map((e) => `expected a ${e.status} to ${e.method} ${e.path} that never came`)];
    return {
        errors,
        expectRefusal: (r) => { expected.push(r); },
        problems,
        assertClean: () => {
            const p = problems();
            if (p.length > 0) throw new Error(`the page was not clean:\n  ${p.join('\n  ')}`);
        },
        closing: () => { closing = true; },
    };
}
