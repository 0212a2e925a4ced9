// One customer's pull from Microsoft Graph on its own (in-memory store, a
// stand-in of Graph's call log, the app's clock set by the test): from the
// first day of the previous month the first time, then from the cursor up to
// yesterday 24:00 UTC; Microsoft's rows through the upload's import (repeats
// are duplicates, a bad row refuses its window), with their charges; the
// cursor moved only past committed windows; consent missing and granted; the
// 90-day windows of a long span.
import { UpstreamHttpError } from '../../shared/adapters/http/httpClient';
import { MAX_WINDOW_MS } from '../../shared/adapters/callRecords/pstnCalls';
import { CONTAINERS } from '../../shared/adapters/state/containers';
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';
import type { UsageCall } from '../../shared/core/rating/ratingModel';
import { readPullState } from '../../shared/features/usage/pull/pullState';
import { pullUsage, type PullRequest } from '../../shared/features/usage/pull/pullUsage';
import { usageStateView } from '../../shared/features/usage/pull/usageStateView';
import { readMonthCalls, USAGE_CONTAINERS, type UsageImportDoc } from '../../shared/features/usage/usageStore';
import { GraphStandIn, graphRow } from './graphRows';

const CUSTOMER = '10000000-0000-4000-8000-0000000000bb';
const DAY = 86_400_000;
let store: EmbeddedStateStore;
let graph: GraphStandIn;
let now: number;
beforeEach(() => {
    store = new EmbeddedStateStore(undefined);
    graph = new GraphStandIn(2);
    now = Date.parse('2031-03-15T10:00:00Z');
});
afterEach(async () => { await store.close(); });

const pull = (o: Partial<PullRequest> = {}) => pullUsage({ stateStore: store, callRecords: graph, clock: { now: () => now } }, { customerTenantId: CUSTOMER, partnerId: '1001', requestedBy: 'admin@contoso-telecom.example', ...o });
async function month(m: string): Promise<UsageCall[]> {
    const out: UsageCall[] = [];
    for await (const c of readMonthCalls(store, CUSTOMER, m)) out.push(c);
    return out;
}

test('the first pull reads from the first day of the previous month up to yesterday 24:00, a page at a time, as Microsoft\'s rows with their charges', async () => {
    graph.add(CUSTOMER,
        graphRow('jan-31', '2031-01-31T23:59:59Z'), // before the first pull's span
        graphRow('feb-1', '2031-02-01T00:00:00Z'), graphRow('feb-2', '2031-02-02T09:00:00Z', { charge: 0.0219, connectionCharge: null }),
        graphRow('in-1', '2031-02-03T09:00:00Z', { callType: 'user_in', destinationName: null, charge: 0, connectionCharge: 0 }), // inbound: free, counted
        graphRow('mar-14', '2031-03-14T23:59:00Z'),
        graphRow('today', '2031-03-15T08:00:00Z')); // today is not over
    const report = await pull();
    expect(report).toMatchObject({
        state: 'ok', window: { from: '2031-02-01T00:00:00.000Z', to: '2031-03-15T00:00:00.000Z' },
        cursor: { before: null, after: '2031-03-15T00:00:00.000Z' }, rowsRead: 4, accepted: 3, free: 1, duplicates: 0, badRows: 0, months: ['2031-02', '2031-03'],
    });
    expect(graph.asked).toEqual([{ customerTenantId: CUSTOMER, from: Date.parse('2031-02-01T00:00:00Z'), to: Date.parse('2031-03-15T00:00:00Z') }]);
    const feb = await month('2031-02');
    expect(feb.map((c) => c.usageId)).toEqual(['feb-1', 'feb-2']);
    expect(feb[1]).toMatchObject({ source: { kind: 'microsoft' }, charges: { charge: '0.0219', connectionCharge: null }, currency: 'EUR', destination: 'BE', durationSeconds: 120 });
    expect((await month('2031-03'))[0]).toMatchObject({ usageId: 'mar-14', charges: { charge: '0.03', connectionCharge: '0.01' } });
    const imports = await store.query<UsageImportDoc>(USAGE_CONTAINERS.imports, { partitionKey: CUSTOMER });
    expect(imports.map((d) => [d.status, d.channel, d.source, d.importedBy])).toEqual([['committed', 'graph', { kind: 'microsoft' }, 'admin@contoso-telecom.example']]);
    expect(await readPullState(store, CUSTOMER)).toMatchObject({ state: 'ok', cursor: '2031-03-15T00:00:00.000Z', lastPull: { counts: { accepted: 3 } } });
});

test('a pull repeated the same day asks nothing; a span read again imports only duplicates, and a late row among them keeps its charges', async () => {
    graph.add(CUSTOMER, graphRow('a', '2031-03-10T09:00:00Z'), graphRow('b', '2031-03-10T10:00:00Z'), graphRow('c', '2031-03-11T09:00:00Z'));
    expect((await pull()).accepted).toBe(3);
    const again = await pull();
    expect(again).toMatchObject({ state: 'ok', window: null, accepted: 0, rowsRead: 0, cursor: { before: '2031-03-15T00:00:00.000Z', after: '2031-03-15T00:00:00.000Z' } });
    expect(graph.asked).toHaveLength(1);
    // Microsoft's log gained a row of the 10th after the first pull read it: reading the span again takes that one only
    graph.add(CUSTOMER, graphRow('late', '2031-03-10T11:00:00Z', { charge: 0.5 }));
    const reread = await pull({ from: Date.parse('2031-03-01T00:00:00Z') });
    expect(reread).toMatchObject({ state: 'ok', rowsRead: 4, accepted: 1, duplicates: 3, cursor: { after: '2031-03-15T00:00:00.000Z' } });
    const calls = await month('2031-03');
    expect(calls.map((c) => [c.usageId, c.charges?.charge])).toEqual([['a', '0.03'], ['b', '0.03'], ['late', '0.5'], ['c', '0.03']]);
});

test('a missed day is caught up by the next pull, from two days before the cursor', async () => {
    graph.add(CUSTOMER, graphRow('d14', '2031-03-14T12:00:00Z'), graphRow('d15', '2031-03-15T12:00:00Z'), graphRow('d16', '2031-03-16T12:00:00Z'), graphRow('d17', '2031-03-17T12:00:00Z'));
    expect((await pull()).accepted).toBe(1);
    now += 3 * DAY; // the 16th's and 17th's pulls did not happen
    const report = await pull();
    expect(report).toMatchObject({ window: { from: '2031-03-13T00:00:00.000Z', to: '2031-03-18T00:00:00.000Z' }, accepted: 3, duplicates: 1, cursor: { after: '2031-03-18T00:00:00.000Z' } });
    expect((await month('2031-03')).map((c) => c.usageId)).toEqual(['d14', 'd15', 'd16', 'd17']);
});

test('a call Microsoft logs a day late is read by the next daily pull; one logged later than two days needs a pull from an earlier day', async () => {
    graph.add(CUSTOMER, graphRow('d14', '2031-03-14T12:00:00Z'));
    expect((await pull()).accepted).toBe(1); // the 15th's pull: up to the 14th's end
    graph.add(CUSTOMER, graphRow('late-14', '2031-03-14T18:00:00Z', { charge: 0.4 }), graphRow('d15', '2031-03-15T12:00:00Z'));
    now += DAY;
    expect(await pull()).toMatchObject({ window: { from: '2031-03-13T00:00:00.000Z', to: '2031-03-16T00:00:00.000Z' }, rowsRead: 3, accepted: 2, duplicates: 1 });
    expect((await month('2031-03')).find((c) => c.usageId === 'late-14')).toMatchObject({ charges: { charge: '0.4' } });

    graph.add(CUSTOMER, graphRow('very-late-12', '2031-03-12T18:00:00Z'));
    now += DAY; // the 17th's pull reads from the 14th: the 12th is behind it
    expect(await pull()).toMatchObject({ window: { from: '2031-03-14T00:00:00.000Z' }, accepted: 0 });
    expect(await pull({ from: Date.parse('2031-03-12T00:00:00Z') })).toMatchObject({ accepted: 1 });
});

test('consent missing: the state says what to do, the cursor stays; once granted the next pull reads from where it stood', async () => {
    graph.add(CUSTOMER, graphRow('x', '2031-02-20T09:00:00Z'));
    graph.withoutConsent.add(CUSTOMER);
    const refused = await pull();
    expect(refused).toMatchObject({ state: 'consent-missing', accepted: 0, cursor: { before: null, after: null }, consentDetail: 'Forbidden: no app role CallRecords.Read.All' });
    const stored = await readPullState(store, CUSTOMER);
    expect(stored).toMatchObject({ state: 'consent-missing', cursor: null });
    const view = usageStateView(CUSTOMER, stored, '1001', { PARTNER_APP_CLIENT_ID: '5e3f0000-0000-4000-8000-000000000001' });
    expect(view.adminConsentUrl).toBe(`https://login.microsoftonline.com/${CUSTOMER}/adminconsent?client_id=5e3f0000-0000-4000-8000-000000000001`);
    expect(view.remedy).toContain(view.adminConsentUrl);
    expect(view.actions.map((a) => a.name)).toEqual(['pull']);
    // a Control Panel Vendor is offered Partner Center's consent too; without a client id there is no link, and says why
    expect(usageStateView(CUSTOMER, stored, '1001', { PARTNER_APP_CLIENT_ID: 'app', CPV_PARTNERS: '1001' }).actions.map((a) => a.name)).toEqual(['pull', 'request-consent']);
    expect(usageStateView(CUSTOMER, stored, '1001', {})).toMatchObject({ adminConsentUrl: null, remedy: expect.stringMatching(/PARTNER_APP_CLIENT_ID is not set/) });

    graph.withoutConsent.delete(CUSTOMER);
    expect(await pull()).toMatchObject({ state: 'ok', accepted: 1, window: { from: '2031-02-01T00:00:00.000Z' }, cursor: { after: '2031-03-15T00:00:00.000Z' } });
    expect(await readPullState(store, CUSTOMER)).toMatchObject({ state: 'ok' });
});

test('a window holding a row the rating cannot read is imported not at all, and read again once it can be', async () => {
    graph.add(CUSTOMER, graphRow('good', '2031-03-01T09:00:00Z'), graphRow('odd', '2031-03-02T09:00:00Z', { licenseCapability: 'MCOPSTN99' }));
    const refused = await pull();
    expect(refused).toMatchObject({ state: 'failed', accepted: 1, badRows: 1, cursor: { after: null }, fault: { code: 'bad-rows' } });
    expect(refused.badRowsListed).toEqual([{ line: 2, column: 'licenseCapability', reason: 'unknown capability MCOPSTN99' }]);
    expect(await month('2031-03')).toEqual([]);
    expect(await readPullState(store, CUSTOMER)).toMatchObject({ state: 'failed', cursor: null, fault: { code: 'bad-rows', detail: expect.stringContaining('unknown capability MCOPSTN99') } });
    graph.rows.set(CUSTOMER, [graphRow('good', '2031-03-01T09:00:00Z')]);
    expect(await pull()).toMatchObject({ state: 'ok', accepted: 1, cursor: { after: '2031-03-15T00:00:00.000Z' } });
});

test('a span longer than 90 days is read in consecutive windows of at most 90; a window that fails keeps the ones before it', async () => {
    const from = Date.parse('2030-09-01T00:00:00Z');
    graph.add(CUSTOMER, graphRow('sep', '2030-09-10T09:00:00Z'), graphRow('dec', '2030-12-20T09:00:00Z'), graphRow('mar', '2031-03-01T09:00:00Z'));
    graph.failWhen = (w) => (w.from > from ? new UpstreamHttpError({ upstream: 'microsoft-graph', method: 'GET', url: 'x', attempts: 4 }, 503, 'busy', undefined) : undefined);
    const failed = await pull({ from });
    const first = { from: '2030-09-01T00:00:00.000Z', to: new Date(from + MAX_WINDOW_MS).toISOString() };
    expect(failed).toMatchObject({ state: 'failed', accepted: 1, cursor: { after: first.to }, windows: [{ ...first, committed: true }], fault: { code: 'upstream-unavailable' } });
    expect(await readPullState(store, CUSTOMER)).toMatchObject({ state: 'failed', cursor: first.to, fault: { code: 'upstream-unavailable' } });

    graph.failWhen = undefined;
    const resumed = await pull();
    const resumedFrom = new Date(Date.parse(first.to) - 2 * DAY).toISOString(); // two days before the cursor, for calls logged late
    expect(resumed).toMatchObject({ state: 'ok', accepted: 2, window: { from: resumedFrom, to: '2031-03-15T00:00:00.000Z' } });
    const windows = graph.asked.slice(2);
    expect(windows.every((w) => w.to - w.from <= MAX_WINDOW_MS)).toBe(true);
    expect(windows[0].from).toBe(Date.parse(resumedFrom));
    windows.slice(1).forEach((w, i) => expect(w.from).toBe(windows[i].to));
    expect(windows.at(-1)!.to).toBe(Date.parse('2031-03-15T00:00:00Z'));
    expect(resumed.windows).toHaveLength(windows.length);
    expect(await store.query(CONTAINERS.usagePulls, { partitionKey: CUSTOMER })).toHaveLength(1);
});
