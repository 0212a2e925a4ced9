// The simulated Graph's reads for the usage pull: the PSTN call log
// (getPstnCalls: range, order, paging, consent, throttling, the same rows
// every time, charges from the simulator's rate table less what the month's
// minute pools cover) and the tenant's
// licences (subscribedSkus: every seller's, summed per product; GDAP).
import { startSimulatorHost, SimulatorHost } from '../helpers/simulatorHost';
import { AGENTS, asAgent, tenant } from './support';

const FABRIKAM = tenant(1);
const ALPINE_SKI_HOUSE = tenant(3); // no consent to CallRecords.Read.All
const TREY_RESEARCH = tenant(6); // licences from Contoso, Litware, Microsoft and Fourth Coffee Telecom
const PROSEWARE = tenant(9); // GDAP without a directory role
const MARGIES_TRAVEL = tenant(10); // no usage description: only the calls a test gives
const NOVEMBER = 'getPstnCalls(fromDateTime=2026-11-01T00:00:00Z,toDateTime=2026-12-01T00:00:00Z)';
const callsPath = (fn: string, query = '') => `/v1.0/communications/callRecords/${fn}${query}`;

let sim: SimulatorHost;

beforeAll(async () => {
    sim = await startSimulatorHost();
    await sim.setClock('2026-12-02T00:00:00Z');
});
afterAll(async () => sim.stop());
beforeEach(async () => {
    expect((await sim.call('POST', '/simulator/reset')).status).toBe(204);
});

const graphAs = (agent: keyof typeof AGENTS, customer: string) => {
    const call = asAgent(sim, AGENTS[agent], 'graph');
    return (path: string) => call('GET', path, undefined, { 'x-ms-customer-tenant': customer });
};
const contoso = (customer: string) => graphAs('contosoAdmin', customer);
const givenCalls = async (customer: string, calls: unknown[], mode?: 'append' | 'replace') => {
    const res = await sim.call('POST', `/simulator/customers/${customer}/pstnCalls`, { calls, ...(mode ? { mode } : {}) });
    expect(res.status).toBe(200);
    return res;
};
/** Every row from `first` on, following each next link; `check` looks at each page's answer too. */
async function allPages(read: (path: string) => Promise<{ status: number; json: any }>, first: string, check: (json: any) => void = () => undefined): Promise<{ rows: any[]; pages: number }> {
    const rows: any[] = [];
    let path: string | undefined = first;
    let pages = 0;
    while (path) {
        const res = await read(path);
        expect(res.status).toBe(200);
        check(res.json);
        rows.push(...res.json.value);
        pages++;
        path = (res.json['@odata.nextLink'] as string | undefined)?.slice(`${sim.url}/simulator/graph`.length);
    }
    return { rows, pages };
}

/** Every row of a range, checking each page's count and that its next link stays on the simulated Graph. */
const allRows = (read: (path: string) => ReturnType<ReturnType<typeof contoso>>, first: string) => allPages(read, first, (json) => {
    expect(json['@odata.count']).toBe(json.value.length);
    const next: string | undefined = json['@odata.nextLink'];
    if (next) expect(next.startsWith(`${sim.url}/simulator/graph/`)).toBe(true);
});

describe('getPstnCalls', () => {
    test('pages by $top with absolute next links, rows in start-time order, the range inclusive at both ends', async () => {
        await givenCalls(MARGIES_TRAVEL, [
            { id: 'c-late', startDateTime: '2026-11-20T10:00:00Z', duration: 60, callType: 'user_out' },
            { id: 'c-first', startDateTime: '2026-11-01T00:00:00Z', duration: 30, callType: 'user_in' },
            { id: 'c-mid', startDateTime: '2026-11-10T09:00:00Z', duration: 200, callType: 'user_out', destinationName: 'Germany' },
            { id: 'c-last', startDateTime: '2026-12-01T00:00:00Z', duration: 10, callType: 'user_out' },
            { id: 'c-outside', startDateTime: '2026-10-31T23:59:59Z', duration: 10, callType: 'user_out' },
        ]);
        const read = contoso(MARGIES_TRAVEL);
        const first = await read(callsPath(NOVEMBER, '?$top=2'));
        expect(first.status).toBe(200);
        expect(first.json).toMatchObject({ '@odata.context': expect.stringContaining('pstnCallLogRow'), '@odata.count': 2 });
        expect(first.json.value.map((r: any) => r.id)).toEqual(['c-first', 'c-mid']);
        const { rows, pages } = await allRows(read, callsPath(NOVEMBER, '?$top=2'));
        expect(pages).toBe(2);
        expect(rows.map((r) => r.id)).toEqual(['c-first', 'c-mid', 'c-late', 'c-last']);
    });

    test('every row carries Graph\'s fields with their types; a call still going on is not logged yet', async () => {
        await sim.setClock('2026-11-10T09:02:00Z');
        try {
            await givenCalls(MARGIES_TRAVEL, [
                { startDateTime: '2026-11-10T09:00:00Z', duration: 60, callType: 'user_out' },
                { startDateTime: '2026-11-10T09:01:00Z', duration: 300, callType: 'user_out' },
            ]);
            const res = await contoso(MARGIES_TRAVEL)(callsPath(NOVEMBER));
            expect(res.json.value).toHaveLength(1);
            const row = res.json.value[0];
            for (const f of ['id', 'callId', 'userId', 'userPrincipalName', 'userDisplayName', 'startDateTime', 'endDateTime', 'currency', 'callType', 'calleeNumber', 'callerNumber',
                'destinationContext', 'destinationName', 'licenseCapability', 'inventoryType', 'operator', 'tenantCountryCode', 'usageCountryCode', 'callDurationSource', 'otherPartyCountryCode']) {
                expect([f, typeof row[f]]).toEqual([f, 'string']);
            }
            for (const f of ['duration', 'charge', 'connectionCharge']) expect([f, typeof row[f]]).toEqual([f, 'number']);
            expect(row).toMatchObject({
                duration: 60, endDateTime: '2026-11-10T09:01:00.000Z', destinationContext: 'Domestic', destinationName: 'Sweden', usageCountryCode: 'SE', tenantCountryCode: 'SE',
                licenseCapability: 'MCOPSTN5', inventoryType: 'Subscriber', operator: 'Microsoft', callDurationSource: 'microsoft', conferenceId: null, currency: 'EUR',
            });
        } finally {
            await sim.setClock('2026-12-02T00:00:00Z');
        }
    });

    test('charges come from the simulator\'s rate table (minutes rounded up per call, plus the fee), less what the month\'s pool covers, unless a row gives its own', async () => {
        // Margie's Travel (SE, EUR): 18 Teams Phone with a 120-minute Calling Plan, one MCOPSTN5 pool of 2,160 minutes a month
        await givenCalls(MARGIES_TRAVEL, [
            { id: 'pooled', startDateTime: '2026-11-02T08:00:00Z', duration: 120_000, callType: 'user_out' }, // 2,000 min, all covered: 160 left
            { id: 'india', startDateTime: '2026-11-03T08:00:00Z', duration: 120, callType: 'user_out', destinationName: 'India' }, // never covered on a domestic plan
            { id: 'inbound', startDateTime: '2026-11-03T08:20:00Z', duration: 600, callType: 'user_in' },
            { id: 'dial-out', startDateTime: '2026-11-03T08:30:00Z', duration: 59, callType: 'conf_out', otherPartyCountryCode: 'AU' }, // not Audio Conferencing's
            { id: 'differs', startDateTime: '2026-11-03T08:40:00Z', duration: 61, callType: 'user_out', charge: 9.99 }, // draws 2 min all the same: 158 left
            { id: 'ad-hoc', startDateTime: '2026-11-04T08:00:00Z', duration: 3_000, callType: 'user_out_conf' }, // 50 min from the user's plan: 108 left
            { id: 'partly', startDateTime: '2026-11-05T08:00:00Z', duration: 9_000, callType: 'user_out' }, // 150 min: 108 covered, 42 charged
            { id: 'after', startDateTime: '2026-11-06T08:00:00Z', duration: 61, callType: 'user_out_forwarding' }, // the pool is empty
            { id: 'december', startDateTime: '2026-12-01T08:00:00Z', duration: 61, callType: 'user_out' }, // a new month, a full pool
        ]);
        const { rows } = await allRows(contoso(MARGIES_TRAVEL), callsPath('getPstnCalls(fromDateTime=2026-11-01T00:00:00Z,toDateTime=2026-12-01T23:59:59Z)'));
        const byId = Object.fromEntries(rows.map((r) => [r.id, [r.charge, r.connectionCharge, r.currency, r.destinationContext]]));
        expect(byId).toEqual({
            'pooled': [0, 0, 'EUR', 'Domestic'],
            'india': [0.1106, 0.015, 'EUR', 'International'], // 2 × 0.0478 + 0.0150
            'inbound': [0, 0, 'EUR', null],
            'dial-out': [0.0568, 0.005, 'EUR', 'International'], // conferencing: 1 × 0.0518 + 0.0050
            'differs': [9.99, 0, 'EUR', 'Domestic'],
            'ad-hoc': [0, 0, 'EUR', 'Domestic'],
            'partly': [1.0416, 0, 'EUR', 'Domestic'], // 42 × 0.0248
            'after': [0.0496, 0, 'EUR', 'Domestic'], // 2 × 0.0248
            'december': [0, 0, 'EUR', 'Domestic'],
        });
        // a range starting in the middle of the month sees the same charges: the pool is the month's, not the range's
        const late = await allRows(contoso(MARGIES_TRAVEL), callsPath('getPstnCalls(fromDateTime=2026-11-05T00:00:00Z,toDateTime=2026-11-30T00:00:00Z)'));
        expect(late.rows.map((r) => [r.id, r.charge])).toEqual([['partly', 1.0416], ['after', 0.0496]]);
    });

    test('drawn calls follow each tenant\'s licences, and cost what the rate table says once the month\'s pool is used up', async () => {
        const november = async (customer: string) => (await allRows(contoso(customer), callsPath(NOVEMBER))).rows;
        const minutes = (r: any) => Math.ceil(r.duration / 60);
        const cents4 = (x: number) => Math.round(x * 10_000) / 10_000;
        /** Each row's charge worked out here: calls in order draw on a pool of `included` minutes, the rest at `perMinute` (plus `fee`, unless covered whole). */
        const pooled = (rows: any[], included: number, perMinute: number, fee = 0) => {
            let left = included;
            return rows.map((r) => {
                const covered = Math.min(left, minutes(r));
                left -= covered;
                return covered === minutes(r) ? 0 : cents4((minutes(r) - covered) * perMinute + fee);
            });
        };

        // Fabrikam (DE, 25 × 120-minute domestic plan: 3,000 minutes, EUR): calls out at home drawn on the pool, then
        // 0.0258 a minute; inbound free; calls abroad never covered
        const fabrikam = (await november(FABRIKAM)).filter((r) => r.startDateTime < '2026-12-01');
        const home = fabrikam.filter((r) => r.callType.startsWith('user_out') && r.destinationContext === 'Domestic');
        expect(home.length).toBeGreaterThan(100);
        expect(home.every((r) => r.licenseCapability === 'MCOPSTN5' && r.currency === 'EUR' && r.destinationName === 'Germany')).toBe(true);
        expect(home.map((r) => r.charge)).toEqual(pooled(home, 3000, 0.0258));
        // the month used its pool up: covered calls first, charged ones after
        expect(home[0].charge).toBe(0);
        expect(home[home.length - 1].charge).toBe(cents4(minutes(home[home.length - 1]) * 0.0258));
        expect(fabrikam.filter((r) => r.callType === 'user_in').every((r) => r.charge === 0 && r.destinationContext === null)).toBe(true);
        const abroad = fabrikam.filter((r) => r.destinationContext === 'International');
        expect(abroad.length).toBeGreaterThan(0);
        expect(abroad.every((r) => r.charge > 0)).toBe(true);

        // VanArsdel (US): its toll-free numbers answer callers (a bot, no user), paid per minute plus 0.02, never pooled
        const tollFree = (await november(tenant(17))).filter((r) => r.inventoryType === 'TollFree');
        expect(tollFree.length).toBeGreaterThan(20);
        expect(tollFree.every((r) => r.callType === 'ucap_in' && r.userId === null && ['+18005550142', '+18885550199'].includes(r.calleeNumber)
            && r.usageCountryCode === 'US' && r.currency === 'USD' && r.connectionCharge === 0.02 && r.charge === cents4(minutes(r) * 0.019 + 0.02))).toBe(true);

        // Relecloud (GB, 100 Audio Conferencing licences: 6,000 dial-out minutes to Zone A): meetings dial out, now and then outside Zone A
        const relecloud = (await november(tenant(16))).filter((r) => r.startDateTime < '2026-12-01');
        expect(new Set(relecloud.map((r) => r.callType))).toEqual(new Set(['conf_out', 'conf_in']));
        expect(relecloud.every((r) => r.licenseCapability === 'MCOMEETADD' && r.conferenceId !== null)).toBe(true);
        expect(relecloud.some((r) => r.otherPartyCountryCode === 'IN' && r.connectionCharge === 0.015 && r.charge > 0.015)).toBe(true);
        const toGermany = relecloud.filter((r) => r.callType === 'conf_out' && r.otherPartyCountryCode === 'DE');
        expect(toGermany.some((r) => r.charge === 0)).toBe(true);

        // Blue Yonder (US, Pay-As-You-Go: no pool, every minute charged) and Woodgrove Bank (GB, Domestic and International)
        const blueYonder = (await november(tenant(15))).filter((r) => r.callType === 'user_out');
        expect(new Set(blueYonder.map((r) => r.licenseCapability))).toEqual(new Set(['MCOPSTNPP']));
        const blueYonderHome = blueYonder.filter((r) => r.otherPartyCountryCode === 'US');
        expect(blueYonderHome.length).toBeGreaterThan(100);
        expect(blueYonderHome.every((r) => r.charge === cents4(minutes(r) * 0.012))).toBe(true);
        const woodgrove = await november(tenant(2));
        expect(new Set(woodgrove.map((r) => r.licenseCapability))).toEqual(new Set(['MCOPSTN2']));
        // 40 × 1,200 minutes cover every outbound call, international ones too
        expect(woodgrove.some((r) => r.destinationContext === 'International')).toBe(true);
        expect(woodgrove.every((r) => r.charge === 0)).toBe(true);
    });

    test('a usage description serves the same rows (same ids) every time, over any paging, and after a reset', async () => {
        const read = contoso(FABRIKAM);
        const whole = await allRows(read, callsPath(NOVEMBER));
        expect(whole.rows.length).toBeGreaterThan(500);
        expect(new Set(whole.rows.map((r) => r.id)).size).toBe(whole.rows.length);
        const starts = whole.rows.map((r) => Date.parse(r.startDateTime));
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
        expect(starts.every((s) => s >= Date.parse('2026-11-01T00:00:00Z') && s <= Date.parse('2026-12-01T00:00:00Z'))).toBe(true);
        // a forwarded call is two rows with one callId
        const callIds = whole.rows.map((r) => r.callId);
        expect(new Set(callIds).size).toBeLessThan(callIds.length);

        expect((await sim.call('POST', '/simulator/settings/graph', { pstnCallsPageSize: 150 })).status).toBe(200);
        const paged = await allRows(read, callsPath(NOVEMBER));
        expect(paged.pages).toBe(Math.ceil(whole.rows.length / 150));
        expect(paged.rows).toEqual(whole.rows);

        await sim.call('POST', '/simulator/reset');
        const again = await allRows(read, callsPath(NOVEMBER));
        expect(again.pages).toBe(1);
        expect(again.rows).toEqual(whole.rows);
        // one day asked alone is the same day
        const day = await allRows(read, callsPath('getPstnCalls(fromDateTime=2026-11-10,toDateTime=2026-11-10T23:59:59Z)'));
        expect(day.rows).toEqual(whole.rows.filter((r) => r.startDateTime.startsWith('2026-11-10')));
        expect(day.rows.length).toBeGreaterThan(0);
    });

    test('a range of more than 90 days, or missing and malformed parameters, are 400 in Graph\'s error shape', async () => {
        const read = contoso(FABRIKAM);
        expect((await read(callsPath('getPstnCalls(fromDateTime=2026-09-02T00:00:00Z,toDateTime=2026-12-01T00:00:00Z)'))).status).toBe(200); // 90 days
        const tooLong = await read(callsPath('getPstnCalls(fromDateTime=2026-09-01T00:00:00Z,toDateTime=2026-12-01T00:00:01Z)'));
        expect(tooLong.status).toBe(400);
        expect(tooLong.json.error).toMatchObject({ code: 'BadRequest', message: expect.stringContaining('90 days'), innerError: { date: expect.stringMatching(/^2026-12-02/) } });
        for (const fn of ['getPstnCalls(fromDateTime=2026-11-01T00:00:00Z)', 'getPstnCalls(fromDateTime=yesterday,toDateTime=2026-12-01T00:00:00Z)',
            'getPstnCalls(fromDateTime=2026-11-01,toDateTime=2026-10-01)', 'getPstnCalls(from=2026-11-01,to=2026-12-01)']) {
            const res = await read(callsPath(fn));
            expect([fn, res.status, res.json.error.code]).toEqual([fn, 400, 'BadRequest']);
        }
        expect((await read(callsPath(NOVEMBER, '?$top=0'))).status).toBe(400);
        const noTenant = await asAgent(sim, AGENTS.contosoAdmin, 'graph')('GET', callsPath(NOVEMBER));
        expect([noTenant.status, noTenant.json.error.code]).toEqual([400, 'BadRequest']);
    });

    test('a tenant that has not consented to the app, or is not the partner\'s customer, is 403 Authorization_RequestDenied', async () => {
        const noConsent = await contoso(ALPINE_SKI_HOUSE)(callsPath(NOVEMBER));
        expect([noConsent.status, noConsent.json.error.code]).toEqual([403, 'Authorization_RequestDenied']);
        expect(noConsent.json.error.message).toContain('CallRecords.Read.All');
        const notTheirs = await graphAs('litwareAdmin', FABRIKAM)(callsPath(NOVEMBER));
        expect([notTheirs.status, notTheirs.json.error.code]).toEqual([403, 'Authorization_RequestDenied']);
        // the customer's admin consents
        expect((await sim.call('POST', `/simulator/customers/${ALPINE_SKI_HOUSE}`, { graphConsent: { callRecords: true } })).status).toBe(200);
        const consented = await contoso(ALPINE_SKI_HOUSE)(callsPath(NOVEMBER));
        expect(consented.status).toBe(200);
        expect(consented.json.value.length).toBeGreaterThan(0);
    });

    test('a fault on the route throttles it with Retry-After, once', async () => {
        await sim.call('POST', '/simulator/faults', { faults: [{ match: { method: 'GET', pathPattern: '/callRecords/getPstnCalls\\(' }, kind: 'status429', retryAfterSeconds: 7, times: 1 }] });
        try {
            const read = contoso(FABRIKAM);
            const throttled = await read(callsPath(NOVEMBER));
            expect([throttled.status, throttled.headers.get('retry-after'), throttled.json.error.code]).toEqual([429, '7', 'TooManyRequests']);
            expect((await read(callsPath(NOVEMBER))).status).toBe(200);
        } finally {
            await sim.call('DELETE', '/simulator/faults');
        }
    });

    test('the control route appends or replaces rows, and refuses one it cannot charge or that is not a row', async () => {
        await givenCalls(MARGIES_TRAVEL, [{ id: 'a', startDateTime: '2026-11-02T08:00:00Z', duration: 60, callType: 'user_out' }]);
        await givenCalls(MARGIES_TRAVEL, [{ id: 'b', startDateTime: '2026-11-03T08:00:00Z', duration: 60, callType: 'user_out' }]);
        const ids = async () => (await contoso(MARGIES_TRAVEL)(callsPath(NOVEMBER))).json.value.map((r: any) => r.id);
        expect(await ids()).toEqual(['a', 'b']);
        await givenCalls(MARGIES_TRAVEL, [{ id: 'c', startDateTime: '2026-11-04T08:00:00Z', duration: 60, callType: 'user_out' }], 'replace');
        expect(await ids()).toEqual(['c']);

        const unrated = await sim.call('POST', `/simulator/customers/${MARGIES_TRAVEL}/pstnCalls`, { calls: [{ startDateTime: '2026-11-05T08:00:00Z', duration: 60, callType: 'user_out', destinationName: 'Denmark' }] });
        expect([unrated.status, unrated.json.code]).toEqual([400, 'invalid-request']);
        expect(unrated.json.description).toMatch(/pstnCalls\[1\].*no calling price for DK/);
        const notARow = await sim.call('POST', `/simulator/customers/${MARGIES_TRAVEL}/pstnCalls`, { calls: [{ startDateTime: 'soon', duration: 1.5, callType: 'user_out' }] });
        expect(notARow.status).toBe(400);
        expect(notARow.json.description).toContain('pstnCalls[1].startDateTime');
        const twice = await sim.call('POST', `/simulator/customers/${MARGIES_TRAVEL}/pstnCalls`, { calls: [{ id: 'c', startDateTime: '2026-11-05T08:00:00Z', duration: 1, callType: 'user_in' }] });
        expect(twice.status).toBe(400);
        expect(await ids()).toEqual(['c']);
    });
});

describe('subscribedSkus', () => {
    const skus = async (agent: keyof typeof AGENTS, customer: string) => graphAs(agent, customer)('/v1.0/subscribedSkus');

    test('every licence in the tenant, whoever sold it, summed per product; a purchase not yet made is not there', async () => {
        const res = await skus('contosoAdmin', TREY_RESEARCH);
        expect(res.status).toBe(200);
        const byPart = Object.fromEntries(res.json.value.map((s: any) => [s.skuPartNumber, s]));
        expect(Object.keys(byPart).sort()).toEqual(['MCOPSTN5', 'SPE_E5_CALLINGMINUTES']);
        // Contoso 30, Litware 5, Fourth Coffee Telecom (outside the world) 5
        expect(byPart.SPE_E5_CALLINGMINUTES).toMatchObject({
            capabilityStatus: 'Enabled', appliesTo: 'User', consumedUnits: 40, prepaidUnits: { enabled: 40, suspended: 0, warning: 0 },
            subscriptionIds: ['20000000-0000-4000-8000-000000000007', '20000000-0000-4000-8000-000000000008', '20000000-0000-4000-8000-000000000102'],
        });
        expect(byPart.SPE_E5_CALLINGMINUTES.servicePlans.map((p: any) => p.servicePlanName)).toEqual(expect.arrayContaining(['MCOEV', 'MCOPSTN5']));
        // bought from Microsoft directly
        expect(byPart.MCOPSTN5).toMatchObject({ prepaidUnits: { enabled: 10 }, servicePlans: [expect.objectContaining({ servicePlanName: 'MCOPSTN5', provisioningStatus: 'Success' })] });
        // Litware sees the same tenant alike: the licences are the tenant's, not a partner's
        expect((await skus('litwareAdmin', TREY_RESEARCH)).json.value).toEqual(res.json.value);

        await sim.setClock('2025-05-01T00:00:00Z');
        try {
            const before = await skus('contosoAdmin', TREY_RESEARCH);
            expect(before.json.value.map((s: any) => s.skuPartNumber)).toEqual(['SPE_E5_CALLINGMINUTES']);
        } finally {
            await sim.setClock('2026-12-02T00:00:00Z');
        }
    });

    test('a partner without GDAP access reading the directory is 403; a fault throttles the route', async () => {
        for (const [agent, customer] of [['contosoAdmin', PROSEWARE], ['litwareAdmin', FABRIKAM]] as const) {
            const res = await skus(agent, customer);
            expect([agent, customer, res.status, res.json.error.code]).toEqual([agent, customer, 403, 'Authorization_RequestDenied']);
        }
        expect((await skus('contosoAdmin', FABRIKAM)).json.value).toEqual([expect.objectContaining({ skuPartNumber: 'MCOTEAMS_ESSENTIALS_MCOPSTN5', prepaidUnits: expect.objectContaining({ enabled: 25 }) })]);
        await sim.call('POST', '/simulator/faults', { faults: [{ match: { pathPattern: '^/v1\\.0/subscribedSkus$' }, kind: 'status429', retryAfterSeconds: 3, times: 1 }] });
        try {
            const throttled = await skus('contosoAdmin', FABRIKAM);
            expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '3']);
            expect((await skus('contosoAdmin', FABRIKAM)).status).toBe(200);
        } finally {
            await sim.call('DELETE', '/simulator/faults');
        }
    });

    test('users: each licence unit\'s usage location and licence, filtered by product, paged; GDAP as for the licences', async () => {
        const direct = (await skus('contosoAdmin', TREY_RESEARCH)).json.value.find((s: any) => s.skuPartNumber === 'MCOPSTN5');
        const read = graphAs('contosoAdmin', TREY_RESEARCH);
        const query = `?$select=usageLocation,assignedLicenses&$filter=${encodeURIComponent(`assignedLicenses/any(x:x/skuId eq ${direct.skuId})`)}&$top=4`;
        const { rows, pages } = await allPages(read, `/v1.0/users${query}`);
        expect(pages).toBe(3);
        expect(rows).toHaveLength(10);
        expect(rows.every((u) => u.usageLocation === 'NL' && u.assignedLicenses.length === 1 && u.assignedLicenses[0].skuId === direct.skuId)).toBe(true);
        expect(Object.keys(rows[0]).sort()).toEqual(['assignedLicenses', 'usageLocation']);
        const everyone = await allPages(read, '/v1.0/users?$select=id,usageLocation&$top=999');
        expect(everyone.rows).toHaveLength(50);
        expect(new Set(everyone.rows.map((u) => u.id)).size).toBe(50);
        const refused = await graphAs('contosoAdmin', PROSEWARE)('/v1.0/users');
        expect([refused.status, refused.json.error.code]).toEqual([403, 'Authorization_RequestDenied']);
        expect((await read('/v1.0/users?$filter=displayName%20eq%20%27x%27')).status).toBe(400);
    });
});
