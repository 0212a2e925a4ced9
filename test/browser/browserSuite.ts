// One skeleton for the browser suites: a skip (with its reason) where Chromium
// is missing and cannot be installed, Chromium and the suite's host started
// once, pages that refuse any console error or failed request (checked after
// each test, so no test can forget), and screenshots of every view at 1280 and
// 390 px (kept in test-artifacts/<folder>/ under CI=true or SCREENSHOTS=1).
//
//   browserSuite('the fleet page in chromium', { shots: 'console', host: () => startAppHost() }, (s) => {
//       test('...', async () => { const { page } = await s.open(); ...; await s.check(page, 'fleet'); });
//   });
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { browserSkipReason, CHROMIUM, chromiumInstalled, LAUNCH } from './chromium';
import { watchPage, type PageWatch } from './pageWatch';
import { fileName, shootBothWidths, shotsDir } from './screens';

export interface SuiteOptions<H> {
    /** The folder under test-artifacts/ that keeps this suite's screenshots. */
    shots: string;
    /** Starts the host the pages talk to (while Chromium starts); stopped after the suite. */
    host?: () => Promise<H>;
}

export interface OpenedPage extends PageWatch {
    page: Page;
    /** Closes the page's context, its last view shot first (when screenshots are kept). */
    close: () => Promise<void>;
}

export interface BrowserSuite<H> {
    readonly browser: Browser;
    readonly host: H;
    /** The screenshot folder (a temp dir unless kept), for a test's own element shots. */
    readonly shots: string;
    /** A fresh context and page, watched: the test fails on anything it refuses. */
    open(o?: BrowserContextOptions): Promise<OpenedPage>;
    /** axe (no serious findings) and a screenshot at both widths, nothing forcing a sideways scroll. */
    check(page: Page, view: string): Promise<void>;
    /** A screenshot at both widths, nothing forcing a sideways scroll (for pages axe runs on elsewhere). */
    shoot(page: Page, view: string): Promise<void>;
}

interface Stoppable { stop(): Promise<void> }

export function browserSuite<H extends Stoppable | undefined = undefined>(title: string, o: SuiteOptions<H>, body: (s: BrowserSuite<H>) => void): void {
    describe(title, () => {
        const skip = browserSkipReason();
        if (skip) {
            console.warn(`browser tests skipped: ${skip}`);
            test.skip(`SKIPPED (${skip})`, () => undefined);
            return;
        }
        const state: { browser?: Browser; host?: H; shots?: { dir: string; kept: boolean; dispose: () => void } } = {};
        /** The pages the running test opened: checked and closed after it. */
        let opened: OpenedPage[] = [];
        let shotCount = 0;
        const testName = () => fileName((expect.getState().currentTestName ?? 'test').replace(title, ''));

        const suite: BrowserSuite<H> = {
            get browser() { return state.browser!; },
            get host() { return state.host as H; },
            get shots() { return state.shots!.dir; },
            async open(options = {}) {
                const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options });
                const page = await context.newPage();
                const watch = watchPage(page);
                let closed = false;
                const opened1: OpenedPage = {
                    ...watch, page,
                    close: async () => {
                        if (closed) return;
                        closed = true;
                        if (!page.isClosed() && state.shots?.kept) await lastView(page).catch(() => undefined);
                        watch.closing();
                        await context.close();
                    },
                };
                opened.push(opened1);
                return opened1;
            },
            async check(page, view) {
                await shootBothWidths(page, suite.shots, view, async (width) => {
                    const found = await seriousViolations(page);
                    if (found.length > 0) throw new Error(`axe at ${width} px on ${view}: ${JSON.stringify(found, null, 1)}`);
                });
            },
            shoot: (page, view) => shootBothWidths(page, suite.shots, view),
        };
        /** What the test left on the screen, named after the test (a view no check shot is still seen). */
        const lastView = (page: Page) => shootBothWidths(page, suite.shots, `${testName().slice(0, 60)}-end-${++shotCount}`);

        beforeAll(async () => {
            if (!chromiumInstalled()) throw new Error(`${CHROMIUM} is missing: the jest global setup could not install it (see its output above)`);
            state.shots = shotsDir(o.shots);
            const [browser, host] = await Promise.all([chromium.launch(LAUNCH), o.host?.()]);
            Object.assign(state, { browser, host });
        });
        afterEach(async () => {
            const pages = opened;
            opened = [];
            shotCount = 0;
            const problems = pages.flatMap((p) => p.problems());
            await Promise.all(pages.map((p) => p.close()));
            if (problems.length > 0) throw new Error(`a page was not clean:\n  ${problems.join('\n  ')}`);
        });

        body(suite);

        // after the body's own afterAll (which may still need the host)
        afterAll(async () => {
            await state.browser?.close();
            await (state.host as Stoppable | undefined)?.stop();
            state.shots?.dispose();
        });
    });
}
