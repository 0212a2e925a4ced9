// The console's addresses (console/route.js): what each hash names, and that
// a mistyped id or month is "not found" with the nearest place that exists,
// never a crash. route.js is a browser ES module; it is pure, so it runs here
// compiled to CommonJS in a context whose `location` is the test's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as ts from 'typescript';

interface Route { page: string; id?: string; open?: Record<string, string>; back?: string; what?: string; filters?: Record<string, string> }
interface RouteModule {
    parseRoute(hash?: string): Route;
    customerHash(id: string): string;
    runHash(id: string, runId: string): string;
    handoverHash(id: string, handoverId: string): string;
    monthHash(id: string, month: string): string;
    fleetHash(filters?: Record<string, string>): string;
}

function loadRoute(): RouteModule {
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'console', 'route.js'), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const module = { exports: {} as RouteModule };
    vm.runInNewContext(js, { module, exports: module.exports, location: { hash: '' }, URLSearchParams, decodeURIComponent, encodeURIComponent });
    return module.exports;
}

const route = loadRoute();
const TENANT = '10000000-0000-4000-8000-000000000007';
const EMPTY = { state: '', blocker: '', usage: '', q: '' };

describe('parseRoute', () => {
    test.each([
        ['', { page: 'fleet', filters: EMPTY }],
        ['#/fleet', { page: 'fleet', filters: EMPTY }],
        ['#/fleet?state=blocked&q=%20con%20', { page: 'fleet', filters: { ...EMPTY, state: 'blocked', q: 'con' } }],
        // what a sign-in's redirect leaves in the hash is no path: the fleet
        ['#code=abc&state=xyz', { page: 'fleet', filters: EMPTY }],
        [`#/customers/${TENANT}`, { page: 'customer', id: TENANT }],
        [`#/customers/${TENANT}/`, { page: 'customer', id: TENANT }],
        [`#/customers/${TENANT}/runs/run-2026-abc`, { page: 'customer', id: TENANT, open: { run: 'run-2026-abc' } }],
        [`#/customers/${TENANT}/handovers/h-1`, { page: 'customer', id: TENANT, open: { handover: 'h-1' } }],
        [`#/customers/${TENANT}/accruals/2026-11`, { page: 'customer', id: TENANT, open: { month: '2026-11' } }],
    ])('%s', (hash, expected) => {
        expect(route.parseRoute(hash)).toEqual(expected);
    });

    test.each([
        // a customer that is no tenant id, a broken escape: back to the fleet
        ['#/customers/contoso', 'customer', '#/fleet'],
        ['#/customers/%E0%A4%A', 'customer', '#/fleet'],
        ['#/nowhere', 'page', '#/fleet'],
        // what the customer's page does not hold, or a mistyped id or month: back to the customer
        [`#/customers/${TENANT}/invoices/1`, 'page', `#/customers/${TENANT}`],
        [`#/customers/${TENANT}/runs/`, 'run', `#/customers/${TENANT}`],
        [`#/customers/${TENANT}/runs/a%20b`, 'run', `#/customers/${TENANT}`],
        [`#/customers/${TENANT}/runs/a/b`, 'run', `#/customers/${TENANT}`],
        [`#/customers/${TENANT}/handovers/${'x'.repeat(201)}`, 'handover', `#/customers/${TENANT}`],
        [`#/customers/${TENANT}/accruals/2026-13`, 'month', `#/customers/${TENANT}`],
        [`#/customers/${TENANT}/accruals/2026-1`, 'month', `#/customers/${TENANT}`],
        [`#/customers/${TENANT}/accruals/current`, 'month', `#/customers/${TENANT}`],
    ])('%s is not found (%s), with a link to %s', (hash, what, back) => {
        expect(route.parseRoute(hash)).toEqual({ page: 'not-found', what, back });
    });

    test('every address the console writes reads back as the place it names', () => {
        expect(route.parseRoute(route.runHash(TENANT, 'r-1'))).toEqual({ page: 'customer', id: TENANT, open: { run: 'r-1' } });
        expect(route.parseRoute(route.handoverHash(TENANT, 'h-2'))).toEqual({ page: 'customer', id: TENANT, open: { handover: 'h-2' } });
        expect(route.parseRoute(route.monthHash(TENANT, '2026-10'))).toEqual({ page: 'customer', id: TENANT, open: { month: '2026-10' } });
        expect(route.parseRoute(route.customerHash(TENANT))).toEqual({ page: 'customer', id: TENANT });
        expect(route.parseRoute(route.fleetHash({ usage: 'consent-missing' }))).toEqual({ page: 'fleet', filters: { ...EMPTY, usage: 'consent-missing' } });
    });
});
