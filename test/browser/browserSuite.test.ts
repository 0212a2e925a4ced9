// The browser suites' page watch, tested on pages that misbehave on purpose
// (served by a bare HTTP server here, no app): a console error, a page error,
// a refused request and a dropped one are each refused; a refusal the test
// names beforehand is let through once, and one named but never seen is
// refused; a clean page passes. The suite's own pages (s.open) are checked
// after each test, so these tests open theirs directly.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { browserSuite } from './browserSuite';
import { watchPage, type PageWatch } from './pageWatch';
import { keptShotsDir } from './screens';

/** A server that answers /ok with 200, /gone with 404 and cuts /cut off, answers /slow after 3 s; any other path is a small HTML page. */
async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
    const server = http.createServer((req, res) => {
        if (req.url === '/ok') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        if (req.url === '/gone') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
        if (req.url === '/cut') return void req.socket.destroy();
        if (req.url === '/slow') return void setTimeout(() => res.end('late'), 3000);
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html lang="en"><title>t</title><link rel="icon" href="data:,"><main>page</main></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

browserSuite('the browser suites\' page watch', { shots: 'self-test', host: startServer }, (s) => {
    /** A page on the server, watched; `run` is evaluated in it and awaited. */
    async function watched(run: string): Promise<{ page: Page; watch: PageWatch; done: () => Promise<void> }> {
        const context = await s.browser.newContext();
        const page = await context.newPage();
        const watch = watchPage(page);
        await page.goto(`${s.host.url}/page`);
        await page.evaluate(run);
        // the events of what ran reach the test a moment later
        await page.waitForTimeout(200);
        return { page, watch, done: () => context.close() };
    }

    test('a clean page passes', async () => {
        const { watch, done } = await watched(`fetch('/ok').then((r) => r.text())`);
        expect(watch.problems()).toEqual([]);
        expect(() => watch.assertClean()).not.toThrow();
        await done();
    });

    test('a console error fails it', async () => {
        const { watch, done } = await watched(`console.error('the chart could not draw')`);
        expect(watch.problems()).toEqual([expect.stringContaining('console error: the chart could not draw')]);
        expect(() => watch.assertClean()).toThrow(/the chart could not draw/);
        await done();
    });

    test('a page error fails it', async () => {
        const { watch, done } = await watched(`setTimeout(() => { throw new Error('undefined is not a function'); })`);
        expect(watch.problems()).toEqual([expect.stringContaining('page error: undefined is not a function')]);
        await done();
    });

    test('a refused request fails it, named by method and path', async () => {
        const { watch, done } = await watched(`fetch('/gone', { method: 'POST' }).then((r) => r.text())`);
        expect(watch.problems()).toEqual(expect.arrayContaining(['404 POST /gone: not here']));
        await done();
    });

    test('a dropped request fails it while the test stays on the page', async () => {
        const { watch, done } = await watched(`fetch('/cut').catch(() => undefined)`);
        expect(watch.problems()).toEqual(expect.arrayContaining([expect.stringMatching(/^request failed \(net::ERR_[A-Z_]+\): GET \/cut$/)]));
        await done();
    });

    test('a request cut short because the test navigated away passes', async () => {
        const { page, watch, done } = await watched(`void fetch('/slow')`);
        await page.goto(`${s.host.url}/elsewhere`);
        await page.waitForTimeout(200);
        expect(watch.problems()).toEqual([]);
        await done();
    });

    test('a refusal the test named passes, once, and only that one', async () => {
        const context = await s.browser.newContext();
        const page = await context.newPage();
        const watch = watchPage(page);
        await page.goto(`${s.host.url}/page`);
        watch.expectRefusal({ method: 'POST', path: '/gone', status: 404 });
        await page.evaluate(`fetch('/gone', { method: 'POST' }).then((r) => r.text())`);
        await page.waitForTimeout(200);
        expect(watch.problems()).toEqual([]);
        // the same refusal again, and a GET of it, were not named
        await page.evaluate(`Promise.all([fetch('/gone', { method: 'POST' }), fetch('/gone')])`);
        await page.waitForTimeout(200);
        expect(watch.problems().filter((p) => p.startsWith('404')).sort()).toEqual(['404 GET /gone: not here', '404 POST /gone: not here']);
        await context.close();
    });

    test('a refusal named to repeat passes each time it comes, and still fails it if it never does', async () => {
        const { page, watch, done } = await watched(`Promise.all([fetch('/gone'), fetch('/gone')])`);
        expect(watch.problems().filter((p) => p.startsWith('404'))).toHaveLength(2);
        watch.expectRefusal({ method: 'GET', path: '/gone', status: 404, repeats: true });
        watch.expectRefusal({ method: 'GET', path: '/elsewhere-gone', status: 404, repeats: true });
        await page.evaluate(`Promise.all([fetch('/gone'), fetch('/gone'), fetch('/gone')])`);
        await page.waitForTimeout(200);
        expect(watch.problems().filter((p) => p.startsWith('404'))).toHaveLength(2);
        expect(watch.problems().filter((p) => p.startsWith('expected'))).toEqual(['expected a 404 to GET /elsewhere-gone that never came']);
        await done();
    });

    test('a refusal named but never seen fails it', async () => {
        const { watch, done } = await watched(`fetch('/ok')`);
        watch.expectRefusal({ method: 'POST', path: '/api/customers/x/overage/enablements', status: 403 });
        expect(watch.problems()).toEqual(['expected a 403 to POST /api/customers/x/overage/enablements that never came']);
        await done();
    });

    test('screenshots are kept under CI=true or SCREENSHOTS=1 (or a folder), thrown away otherwise', () => {
        expect(keptShotsDir('console', {})).toBeUndefined();
        expect(keptShotsDir('console', { CI: 'true' })).toBe('test-artifacts/console');
        expect(keptShotsDir('console', { SCREENSHOTS: '1' })).toBe('test-artifacts/console');
        expect(keptShotsDir('console', { SCREENSHOTS: '/tmp/shots' })).toBe('/tmp/shots/console');
        expect(keptShotsDir('mailbox', { MAILBOX_SCREENSHOTS: '/tmp/m' })).toBe('/tmp/m');
    });

    test('a page opened through the suite is checked after the test (this one is clean)', async () => {
        const { page } = await s.open();
        await page.goto(`${s.host.url}/page`);
        await s.check(page, 'self-test-page');
    });
});
