// Usage pulled from Microsoft Graph, end to end through the local host and the
// simulated Graph (getPstnCalls), on one host: the endpoint and who may use
// it, Graph's pages of 1,000 rows imported as Microsoft's rows with their
// charges, a pull repeated importing nothing, a missed day caught up, a span
// longer than Graph's 90 days, a 429 waited out, consent missing and then
// granted, and the daily timer. The parts share the host and run in order;
// each uses its own customer, and the host's clock only moves forward.
import type { UsageCall } from '../../shared/core/rating/ratingModel';
import { readMonthCalls } from '../../shared/features/usage/usageStore';
import { AppHost, CUSTOMERS } from '../helpers/appHost';
import { runFleetSync } from '../helpers/fleetSync';
import { appStateStore, freshAppHost } from '../helpers/freshHost';
import { until } from '../helpers/wait';

const GDI = CUSTOMERS.graphicDesign; // Contoso's, overage on and credits; no usage of its own: the test gives its calls
const LUCERNE = CUSTOMERS.lucerne; // about 30 calls a day since 1 September
const ALPINE = CUSTOMERS.alpine; // its admin never consented to the app reading call records
const DAY_MS = 86_400_000;

let h: AppHost;
beforeAll(async () => {
    h = await freshAppHost();
    await h.setClock('2026-11-16T10:00:00Z');
});
afterAll(async () => { await h.stop(); });

const pull = (customer: string, body?: unknown, agent: Parameters<AppHost['as']>[0] = 'contosoAdmin') => h.as(agent)('POST', `/api/customers/${customer}/usage/pull`, body);
const usage = (customer: string, agent: Parameters<AppHost['as']>[0] = 'contosoAdmin') => h.as(agent)('GET', `/api/customers/${customer}/usage`);
const sim = (method: string, path: string, body?: unknown) => h.call(method, `/simulator${path}`, body);
async function calls(customer: string, months: string[]): Promise<UsageCall[]> {
    const store = appStateStore();
    const out: UsageCall[] = [];
    for (const m of months) for await (const c of readMonthCalls(store, customer, m)) out.push(c);
    return out;
}
/** A call of GDI's (a user in Ireland, its Calling Plan), as the simulator fills in what is not given. */
const gdiCall = (id: string, startDateTime: string, charge?: number) => ({ id, startDateTime, duration: 95, callType: 'user_out', ...(charge === undefined ? {} : { charge }) });

test('the endpoint is an AdminAgent\'s of the customer\'s partner: a SalesAgent may read the usage state but not pull, another partner finds no such customer', async () => {
    expect(await pull(GDI, undefined, 'contosoSales')).toMatchObject({ status: 403, json: { code: 'role-not-permitted' } });
    expect(await pull(GDI, undefined, 'litwareAdmin')).toMatchObject({ status: 404, json: { code: 'customer-not-found' } });
    expect((await h.call('POST', `/api/customers/${GDI}/usage/pull`)).status).toBe(401);
    expect(await pull(GDI, { from: '1 November' })).toMatchObject({ status: 400, json: { code: 'invalid-request' } });
    expect(await pull(GDI, { from: '2026-11-16' })).toMatchObject({ status: 400, json: { code: 'invalid-request', detail: expect.stringContaining('only days that are over') } });
    expect(await usage(GDI, 'contosoSales')).toMatchObject({ status: 200, json: { state: 'not-pulled', lastPulledThrough: null } });
    expect((await usage(GDI, 'litwareAdmin')).status).toBe(404);
});

test('Graph\'s pages of 1,000 rows are followed and imported as Microsoft\'s rows, charges kept; the same pull again imports nothing new', async () => {
    const first = await pull(LUCERNE);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
        state: 'ok', committed: true, badRows: 0, duplicates: 0,
        window: { from: '2026-10-01T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z' }, cursor: { before: null, after: '2026-11-16T00:00:00.000Z' },
        months: ['2026-10', '2026-11'], usage: { state: 'ok', lastPulledThrough: '2026-11-16T00:00:00.000Z' },
    });
    expect(first.json.rowsRead).toBeGreaterThan(1000); // more than one page
    expect(first.json.accepted + first.json.free).toBe(first.json.rowsRead);
    const stored = await calls(LUCERNE, ['2026-10', '2026-11']);
    expect(stored).toHaveLength(first.json.accepted);
    expect(stored.every((c) => c.source?.kind === 'microsoft' && c.charges !== undefined && c.start >= Date.parse('2026-10-01T00:00:00Z') && c.start <= Date.parse('2026-11-16T00:00:00Z'))).toBe(true);
    expect(stored.some((c) => Number(c.charges!.charge) > 0)).toBe(true);

    const again = await pull(LUCERNE);
    expect(again.json).toMatchObject({ state: 'ok', window: null, rowsRead: 0, accepted: 0, cursor: { before: '2026-11-16T00:00:00.000Z', after: '2026-11-16T00:00:00.000Z' } });
    const reread = await pull(LUCERNE, { from: '2026-10-01' });
    expect(reread.json).toMatchObject({ state: 'ok', rowsRead: first.json.rowsRead, accepted: 0, duplicates: first.json.accepted });
    expect(await calls(LUCERNE, ['2026-10', '2026-11'])).toHaveLength(first.json.accepted);
});

test('a missed day is caught up by the next pull; small pages are followed too', async () => {
    expect((await sim('POST', '/settings/graph', { pstnCallsPageSize: 2 })).status).toBe(200);
    try {
        const given = await sim('POST', `/customers/${GDI}/pstnCalls`, {
            calls: [
                gdiCall('gdi-oct', '2026-10-20T09:00:00Z', 0.25), gdiCall('gdi-16', '2026-11-16T09:00:00Z'),
                gdiCall('gdi-17a', '2026-11-17T09:00:00Z'), gdiCall('gdi-17b', '2026-11-17T11:00:00Z'), gdiCall('gdi-18', '2026-11-18T23:00:00Z'),
            ],
        });
        expect(given.status).toBe(200);
        const first = await pull(GDI);
        expect(first.json).toMatchObject({ state: 'ok', rowsRead: 1, accepted: 1, cursor: { after: '2026-11-16T00:00:00.000Z' } });
        expect((await calls(GDI, ['2026-10']))[0]).toMatchObject({ usageId: 'gdi-oct', charges: { charge: '0.25' }, userLocation: 'IE' });

        await h.setClock('2026-11-19T06:00:00Z'); // the pulls of the 17th and 18th never happened
        const caughtUp = await pull(GDI);
        // from two days before the cursor: calls Microsoft logged late are read too
        expect(caughtUp.json).toMatchObject({
            state: 'ok', window: { from: '2026-11-14T00:00:00.000Z', to: '2026-11-19T00:00:00.000Z' }, rowsRead: 4, accepted: 4, duplicates: 0,
            cursor: { before: '2026-11-16T00:00:00.000Z', after: '2026-11-19T00:00:00.000Z' },
        });
        expect((await calls(GDI, ['2026-10', '2026-11'])).map((c) => c.usageId)).toEqual(['gdi-oct', 'gdi-16', 'gdi-17a', 'gdi-17b', 'gdi-18']);
    } finally {
        await sim('POST', '/settings/graph', { pstnCallsPageSize: 1000 });
    }
});

test('a pull reaching further back than Graph\'s 90 days is read in windows Graph accepts', async () => {
    const res = await pull(LUCERNE, { from: '2026-06-01' }); // 171 days before the 19th
    expect(res.status).toBe(200);
    const windows = res.json.windows as Array<{ from: string; to: string; committed: boolean }>;
    expect(windows.map((w) => [w.from, w.to, w.committed])).toEqual([
        ['2026-06-01T00:00:00.000Z', '2026-08-30T00:00:00.000Z', true],
        ['2026-08-30T00:00:00.000Z', '2026-11-19T00:00:00.000Z', true],
    ]);
    expect(windows.every((w) => Date.parse(w.to) - Date.parse(w.from) <= 90 * DAY_MS)).toBe(true);
    // September and the 16th to the 18th are new; October to the 15th of November were in already
    expect(res.json.accepted).toBeGreaterThan(0);
    expect(res.json.cursor).toEqual({ before: '2026-11-16T00:00:00.000Z', after: '2026-11-19T00:00:00.000Z' });
    const september = await calls(LUCERNE, ['2026-09']);
    expect(september.length).toBeGreaterThan(0);
    expect(september[0].start).toBeGreaterThanOrEqual(Date.parse('2026-09-01T00:00:00Z'));
});

test('Graph throttling: a 429 is waited out as its Retry-After says, and the pull goes through', async () => {
    await sim('POST', '/faults', { faults: [{ match: { method: 'GET', pathPattern: '/callRecords/getPstnCalls\\(' }, kind: 'status429', retryAfterSeconds: 1, times: 1 }] });
    try {
        const started = Date.now();
        const res = await pull(GDI, { from: '2026-10-01' });
        expect(res.json).toMatchObject({ state: 'ok', rowsRead: 5, accepted: 0, duplicates: 5 });
        expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
        expect((await sim('GET', '/faults')).json).toEqual([expect.objectContaining({ kind: 'status429', remaining: 0 })]);
    } finally {
        await sim('DELETE', '/faults');
    }
});

test('consent missing: the pull says what to do and the usage state keeps it; once the customer\'s admin consents, the next pull reads everything since', async () => {
    const refused = await pull(ALPINE);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.json).toMatchObject({
        code: 'consent-missing', state: 'consent-missing', adminConsentUrl: null, cursor: { before: null, after: null }, accepted: 0,
        remedy: expect.stringContaining('PARTNER_APP_CLIENT_ID is not set'),
    });
    expect((await usage(ALPINE)).json).toMatchObject({ state: 'consent-missing', lastPulledThrough: null, detail: expect.stringContaining('CallRecords.Read.All') });
    const diagnostics = await h.as('contosoSales')('GET', `/api/customers/${ALPINE}/overage/diagnostics`);
    expect(diagnostics.json.usage).toMatchObject({ state: 'consent-missing', adminConsentUrl: null });

    // with the app registration named: the admin consent link; a Control Panel Vendor is offered Partner Center's consent
    const APP = '5e3f0000-0000-4000-8000-0000000000aa';
    process.env.PARTNER_APP_CLIENT_ID = APP;
    try {
        const named = (await usage(ALPINE)).json;
        expect(named.adminConsentUrl).toBe(`https://login.microsoftonline.com/${ALPINE}/adminconsent?client_id=${APP}`);
        expect(named.actions.map((a: { name: string }) => a.name)).toEqual(['pull']);
        expect(await h.as('contosoAdmin')('POST', `/api/customers/${ALPINE}/usage/consent`)).toMatchObject({ status: 409, json: { code: 'not-control-panel-vendor', adminConsentUrl: named.adminConsentUrl } });
        process.env.CPV_PARTNERS = '1001';
        expect((await usage(ALPINE)).json.actions).toContainEqual({ name: 'request-consent', method: 'POST', href: `/api/customers/${ALPINE}/usage/consent` });
        expect((await h.as('contosoSales')('POST', `/api/customers/${ALPINE}/usage/consent`)).json.code).toBe('role-not-permitted');
    } finally {
        delete process.env.PARTNER_APP_CLIENT_ID;
        delete process.env.CPV_PARTNERS;
    }
    expect(await h.as('contosoAdmin')('POST', `/api/customers/${ALPINE}/usage/consent`)).toMatchObject({ status: 409, json: { code: 'app-registration-missing' } });

    expect((await sim('POST', `/customers/${ALPINE}`, { graphConsent: { callRecords: true } })).status).toBe(200);
    const granted = await pull(ALPINE);
    expect(granted.json).toMatchObject({ state: 'ok', window: { from: '2026-10-01T00:00:00.000Z', to: '2026-11-19T00:00:00.000Z' }, cursor: { after: '2026-11-19T00:00:00.000Z' } });
    expect(granted.json.accepted).toBeGreaterThan(0);
    expect((await usage(ALPINE)).json).toMatchObject({ state: 'ok', lastPulledThrough: '2026-11-19T00:00:00.000Z' });
});

test('the daily timer pulls every customer with overage on or credits, once a day however often it fires', async () => {
    await h.setClock('2026-11-20T03:00:00Z');
    await runFleetSync(h);
    const key = { 'x-functions-key': h.host.systemKey };
    // two firings at once (a restart's catch-up beside the schedule): one starts the day's run, the other finds it
    const fired = await Promise.all([1, 2].map(() => h.call('POST', '/admin/functions/usagePullTimer', undefined, key)));
    expect(fired.map((r) => r.status)).toEqual([202, 202]);
    const id = 'usagePull-2026-11-20';
    const done = await until(async () => {
        const s = await h.instance(id);
        return s?.runtimeStatus === 'Completed' ? s : undefined;
    }, 60_000, 100);
    // Fabrikam (credits), Lucerne (overage), Graphic Design Institute (overage, credits), School of Fine Art and Blue Yonder (credits)
    expect(done.output).toMatchObject({ day: '2026-11-20', total: 5, done: 5, ok: 5, failed: 0, consentMissing: 0, failures: [] });
    for (const c of [CUSTOMERS.fabrikam, LUCERNE, GDI, CUSTOMERS.fineArt, CUSTOMERS.blueYonder]) {
        expect((await usage(c)).json).toMatchObject({ state: 'ok', lastPulledThrough: '2026-11-20T00:00:00.000Z' });
    }
    expect((await usage(CUSTOMERS.woodgrove)).json.state).toBe('not-pulled'); // neither overage nor credits

    const timerRuns = (outcome: string) => h.logs.filter((l) => l.function === 'usagePullTimer' && l.outcome === outcome).length;
    await until(() => timerRuns('succeeded') === 2 || undefined, 10_000);
    expect((await h.call('POST', '/admin/functions/usagePullTimer', undefined, key)).status).toBe(202);
    await until(() => timerRuns('succeeded') === 3 || undefined, 10_000);
    expect(timerRuns('failed')).toBe(0);
    const instances = (await h.call('GET', h.durable('instances?instanceIdPrefix=usagePull-'))).json;
    expect(instances.map((i: { instanceId: string }) => i.instanceId)).toEqual([id]);
});
