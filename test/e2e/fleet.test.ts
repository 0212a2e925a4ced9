// The fleet view end to end through the local host and the simulator: the
// sync lists every served partner's customers at Partner Center and assesses
// each; GET /api/readiness answers each partner with its own fleet (states,
// blockers with remedies, who pays, the usage pull's state, counts, filters,
// paging) and the CSV the same rows. One host for the file, the demo world (simulator/worlds/README.md).
import { parse } from 'csv-parse/sync';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { until } from '../helpers/wait';

jest.setTimeout(60_000);

let h: AppHost;
beforeAll(async () => {
    h = await startAppHost();
    await sync();
});
afterAll(async () => { await h?.stop(); });

/** Runs the sync timer now and waits for its invocation to end. */
async function sync(): Promise<void> {
    const done = () => h.logs.filter((l) => l.function === 'readModelSync' && (l.outcome === 'succeeded' || l.outcome === 'failed')).length;
    const before = done();
    const res = await h.call('POST', '/admin/functions/readModelSync', undefined, { 'x-functions-key': h.host.systemKey });
    expect(res.status).toBe(202);
    await until(() => done() > before || undefined, 30_000, 50);
}

const stateOf = (items: any[], tenant: string) => items.find((i) => i.customerTenantId === tenant);

test('each demo customer has the state the rules give it, for the partner that sees it', async () => {
    const res = await h.as('contosoAdmin')('GET', '/api/readiness?limit=500');
    expect(res.status).toBe(200);
    const items = res.json.items;
    const expected: Record<string, [string, string[]]> = {
        fabrikam: ['ready', []], woodgrove: ['ready', []], alpine: ['ready', []], bellows: ['blocked', ['mca-not-accepted']], coho: ['not-eligible', ['not-eligible']],
        trey: ['owned-by-another-partner', ['owned-by-another-partner']], lucerne: ['on', []], proseware: ['blocked', ['gdap-missing']],
        margies: ['blocked', ['conditional-access-blocked']], humongous: ['blocked', ['location-policy-blocked']], graphicDesign: ['on-credits-first', []],
        fineArt: ['ready', []], blueYonder: ['ready', []], relecloud: ['ready', []], vanArsdel: ['ready', []],
    };
    for (const [name, [state, blockers]] of Object.entries(expected)) {
        const row = stateOf(items, CUSTOMERS[name as keyof typeof CUSTOMERS]);
        expect({ name, state: row?.state, blockers: row?.blockers.map((b: any) => b.code) }).toEqual({ name, state, blockers });
    }
    // Contoso sees exactly its own customers: none of Tailspin's, Adatum's
    expect(items.map((i: any) => i.customerTenantId).sort()).toEqual(Object.keys(expected).map((n) => CUSTOMERS[n as keyof typeof CUSTOMERS]).sort());
    // who pays now: Graphic Design's credits, Lucerne's overage, Fine Art's credits (auto-recharge), Woodgrove nobody
    expect(stateOf(items, CUSTOMERS.graphicDesign).payerNow).toBe('credits');
    expect(stateOf(items, CUSTOMERS.lucerne)).toMatchObject({ payerNow: 'overage', postpaidActive: true, overage: { enabled: true, partnerId: '1001' } });
    expect(stateOf(items, CUSTOMERS.fineArt).payerNow).toBe('credits');
    expect(stateOf(items, CUSTOMERS.woodgrove).payerNow).toBe('nobody');
    // every blocker says what to do
    for (const row of items) for (const b of row.blockers) expect(b.remedy.length).toBeGreaterThan(20);
});

test('the same customer reads differently for the partner that owns it', async () => {
    const litware = (await h.as('litwareAdmin')('GET', '/api/readiness')).json.items;
    expect(stateOf(litware, CUSTOMERS.lucerne).state).toBe('owned-by-another-partner');
    expect(stateOf(litware, CUSTOMERS.trey).state).toBe('ready');
    const adatum = (await h.as('adatumAdmin')('GET', '/api/readiness')).json.items;
    expect(adatum.map((i: any) => [i.customerTenantId, i.state, i.blockers.map((b: any) => b.code)])).toEqual([[CUSTOMERS.tailwind, 'blocked', ['sandbox-no-azure-plan']]]);
});

test('an indirect provider sees its resellers\' customers, marked with the reseller', async () => {
    const tailspin = (await h.as('tailspinAdmin')('GET', '/api/readiness')).json.items;
    expect(stateOf(tailspin, CUSTOMERS.wideWorld)).toMatchObject({ reseller: { partnerId: '3001', name: 'Northwind Reseller' } });
});

test('counts per state are the whole fleet\'s; filters narrow the rows, not the counts', async () => {
    const all = (await h.as('contosoSales')('GET', '/api/readiness')).json;
    expect(all.counts).toEqual({ on: 1, 'on-credits-first': 1, ready: 7, blocked: 4, 'owned-by-another-partner': 1, 'not-eligible': 1, total: 15 });
    expect(all.blockerCounts).toEqual({
        'mca-not-accepted': 1, 'not-eligible': 1, 'owned-by-another-partner': 1, 'gdap-missing': 1, 'conditional-access-blocked': 1, 'location-policy-blocked': 1,
    });
    const blocked = (await h.as('contosoSales')('GET', '/api/readiness?state=blocked')).json;
    expect(blocked.counts).toEqual(all.counts);
    expect(blocked.blockerCounts).toEqual(all.blockerCounts);
    expect(blocked.matched).toBe(4);
    expect(blocked.items.every((i: any) => i.state === 'blocked')).toBe(true);
    const gdap = (await h.as('contosoSales')('GET', '/api/readiness?blocker=gdap-missing')).json;
    expect(gdap.items.map((i: any) => i.name)).toEqual(['Proseware']);
    const byName = (await h.as('contosoSales')('GET', '/api/readiness?q=WIN')).json;
    expect(byName.items.map((i: any) => i.name)).toEqual(['Coho Winery']);
    const byTenant = (await h.as('contosoSales')('GET', `/api/readiness?q=${CUSTOMERS.humongous.slice(-6)}`)).json;
    expect(byTenant.items.map((i: any) => i.name)).toEqual(['Humongous Insurance']);
});

test('pages in name order, every row once', async () => {
    const names: string[] = [];
    let token: string | null = null;
    do {
        const page: any = (await h.as('contosoAdmin')('GET', `/api/readiness?limit=4${token ? `&continuationToken=${token}` : ''}`)).json;
        expect(page.items.length).toBeLessThanOrEqual(4);
        names.push(...page.items.map((i: any) => i.name));
        token = page.continuationToken;
    } while (token);
    expect(names).toHaveLength(15);
    expect([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))).toEqual(names);
});

test('bad queries get problems with a code, and an operator must name the partner', async () => {
    const bad = await h.as('contosoAdmin')('GET', '/api/readiness?state=maybe');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await h.as('contosoAdmin')('GET', '/api/readiness?continuationToken=abc')).json.code).toBe('invalid-continuation-token');
    expect((await h.as('contosoAdmin')('GET', '/api/readiness?partnerId=1002')).status).toBe(403);
    expect((await h.call('GET', '/api/readiness')).status).toBe(401);
    const operator = await h.call('GET', '/api/readiness', undefined, { 'x-functions-key': h.host.systemKey });
    expect(operator.json.code).toBe('partner-required');
    expect((await h.call('GET', '/api/readiness?partnerId=1002', undefined, { 'x-functions-key': h.host.systemKey })).json.counts.total).toBe(2);
});

test('the CSV holds the same rows, one per customer and service, with its columns', async () => {
    const res = await h.as('contosoAdmin')('GET', '/api/readiness.csv?state=blocked');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = parse(res.text, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual(['CustomerTenantId', 'CustomerName', 'Service', 'ResellerPartnerId', 'ResellerName', 'State', 'Blockers', 'Remedies', 'PayerNow', 'PostpaidActive',
        'OverageEnabled', 'OveragePartnerId', 'AzureEntitlementId', 'LastRunId', 'LastRunKind', 'LastRunStatus', 'LastRunResult', 'LastRunAt', 'UsageState', 'UsagePulledThrough', 'UsageRemedy', 'AssessedAt']);
    expect(rows.map((r) => [r.CustomerName, r.State, r.Blockers])).toEqual([
        ['Bellows College', 'blocked', 'mca-not-accepted'], ['Humongous Insurance', 'blocked', 'location-policy-blocked'],
        ['Margie\'s Travel', 'blocked', 'conditional-access-blocked'], ['Proseware', 'blocked', 'gdap-missing'],
    ]);
});

test('a run\'s end shows at once: the partner that enabled sees "on" with the run, the other partner "owned by another partner"', async () => {
    const started = await h.enable(CUSTOMERS.trey, { azureEntitlementId: 'new' }, 'litwareAdmin');
    expect(started.status).toBe(202);
    const run = await h.finish(started.headers.get('location')!, 'litwareAdmin');
    expect(run.result).toBe('enabled');
    // a fleet read in the last second may answer once more before it is read again
    const row = (agent: 'litwareAdmin' | 'contosoAdmin', state: string) => until(async () => {
        const r = stateOf((await h.as(agent)('GET', '/api/readiness')).json.items, CUSTOMERS.trey);
        return r.state === state ? r : undefined;
    }, 3000, 100);
    const litware = await row('litwareAdmin', 'on');
    expect(litware).toMatchObject({ state: 'on', lastRun: { id: run.id, kind: 'enable', status: 'completed', result: 'enabled' } });
    const contoso = await row('contosoAdmin', 'owned-by-another-partner');
    expect(contoso.blockers[0].detail).toContain('1002');
});

test('a refused preflight read leaves an unknown blocker on that customer, not a failed sync', async () => {
    await h.call('POST', '/simulator/faults', { faults: [{ match: { method: 'GET', pathPattern: '/roleManagement|/identity/conditionalAccess|tenantRelationships' }, kind: 'status403' }] });
    try {
        await sync();
    } finally {
        await h.call('DELETE', '/simulator/faults');
    }
    const items = (await h.as('contosoAdmin')('GET', '/api/readiness')).json.items;
    const fabrikam = stateOf(items, CUSTOMERS.fabrikam);
    expect(fabrikam.state).toBe('blocked');
    expect(fabrikam.blockers.map((b: any) => b.code)).toEqual(['unknown']);
    // customers that needed no preflight read are told as before
    expect(stateOf(items, CUSTOMERS.coho).state).toBe('not-eligible');
    await sync();
    expect(stateOf((await h.as('contosoAdmin')('GET', '/api/readiness')).json.items, CUSTOMERS.fabrikam).state).toBe('ready');
});

test('a customer sold on to another partner leaves one fleet and joins the other at the next sync', async () => {
    const coho = (await h.call('GET', `/simulator/customers/${CUSTOMERS.coho}`)).json;
    const moved = coho.subscriptions.map((s: any) => ({ ...s, partnerId: '1002' }));
    expect((await h.call('POST', `/simulator/customers/${CUSTOMERS.coho}`, { subscriptions: moved })).status).toBe(200);
    try {
        await sync();
        const contoso = (await h.as('contosoAdmin')('GET', '/api/readiness')).json;
        expect(stateOf(contoso.items, CUSTOMERS.coho)).toBeUndefined();
        expect(contoso.counts['not-eligible']).toBe(0);
        expect(stateOf((await h.as('litwareAdmin')('GET', '/api/readiness')).json.items, CUSTOMERS.coho)).toMatchObject({ name: 'Coho Winery', state: 'not-eligible' });
    } finally {
        await h.call('POST', `/simulator/customers/${CUSTOMERS.coho}`, { subscriptions: coho.subscriptions });
    }
    await sync();
    expect(stateOf((await h.as('contosoAdmin')('GET', '/api/readiness')).json.items, CUSTOMERS.coho)?.state).toBe('not-eligible');
    expect(stateOf((await h.as('litwareAdmin')('GET', '/api/readiness')).json.items, CUSTOMERS.coho)).toBeUndefined();
});

test('with READINESS_MAX_AGE_MS, a round keeps recent assessments and reads only what is due', async () => {
    const policies = (await h.call('GET', `/simulator/customers/${CUSTOMERS.relecloud}`)).json.policies;
    expect((await h.call('POST', `/simulator/customers/${CUSTOMERS.relecloud}`, { policies: { ...policies, gdapAzureAccess: false } })).status).toBe(200);
    process.env.READINESS_MAX_AGE_MS = String(3_600_000);
    try {
        await sync();
        // assessed a moment ago: kept, so the change is not seen yet
        expect(stateOf((await h.as('contosoAdmin')('GET', '/api/readiness')).json.items, CUSTOMERS.relecloud).state).toBe('ready');
        expect(h.logs.some((l) => typeof l.message === 'string' && /partner 1001: 0\/15 customers assessed, 15 kept/.test(l.message))).toBe(true);
        delete process.env.READINESS_MAX_AGE_MS;
        await sync();
        expect(stateOf((await h.as('contosoAdmin')('GET', '/api/readiness')).json.items, CUSTOMERS.relecloud)).toMatchObject({ state: 'blocked', blockers: [{ code: 'gdap-missing' }] });
    } finally {
        delete process.env.READINESS_MAX_AGE_MS;
        await h.call('POST', `/simulator/customers/${CUSTOMERS.relecloud}`, { policies });
    }
});

// Last in the file: it sets the host's clock (to a day the demo world's usage covers).
test('each row shows the usage pull\'s state: consent missing with the remedy in words, a pulled customer through when; a filter and counts', async () => {
    await h.setClock('2026-11-16T10:00:00Z');
    // before any pull, every row says so (the clock set back: the daily pull's timer does not fire meanwhile)
    const before = (await h.as('contosoSales')('GET', '/api/readiness')).json;
    expect(before.usageCounts).toEqual({ ok: 0, 'consent-missing': 0, failed: 0, 'not-pulled': 15 });
    expect(stateOf(before.items, CUSTOMERS.alpine).usage).toEqual({ state: 'not-pulled', lastPulledThrough: null, checkedAt: null, href: `/api/customers/${CUSTOMERS.alpine}/usage` });

    // Alpine Ski House's admin never consented to the app reading call records; Fabrikam's did
    expect((await h.as('contosoAdmin')('POST', `/api/customers/${CUSTOMERS.alpine}/usage/pull`)).json).toMatchObject({ code: 'consent-missing' });
    expect((await h.as('contosoAdmin')('POST', `/api/customers/${CUSTOMERS.fabrikam}/usage/pull`)).json).toMatchObject({ state: 'ok' });

    // the pulls' ends show on the fleet at once, without a sync
    const after = await until(async () => {
        const page = (await h.as('contosoSales')('GET', '/api/readiness')).json;
        return page.usageCounts['consent-missing'] === 1 && page.usageCounts.ok === 1 ? page : undefined;
    }, 3000, 100);
    expect(after.usageCounts).toEqual({ ok: 1, 'consent-missing': 1, failed: 0, 'not-pulled': 13 });
    expect(stateOf(after.items, CUSTOMERS.fabrikam).usage).toMatchObject({ state: 'ok', lastPulledThrough: '2026-11-16T00:00:00.000Z' });
    const alpine = stateOf(after.items, CUSTOMERS.alpine).usage;
    expect(alpine).toMatchObject({ state: 'consent-missing', lastPulledThrough: null, adminConsentUrl: null });
    // the local host names no app registration: the remedy says what to set, and what the customer's admin then does
    expect(alpine.remedy).toMatch(/PARTNER_APP_CLIENT_ID.*Global Administrator of the customer's tenant/);

    const missing = (await h.as('contosoSales')('GET', '/api/readiness?usage=consent-missing')).json;
    expect(missing.items.map((i: any) => i.name)).toEqual(['Alpine Ski House']);
    expect(missing.usageCounts).toEqual(after.usageCounts);
    const bad = await h.as('contosoSales')('GET', '/api/readiness?usage=maybe');
    expect([bad.status, bad.json.code]).toEqual([400, 'invalid-request']);

    const csv = parse((await h.as('contosoAdmin')('GET', '/api/readiness.csv?usage=consent-missing')).text, { columns: true }) as Array<Record<string, string>>;
    expect(csv.map((r) => [r.CustomerName, r.UsageState, r.UsagePulledThrough])).toEqual([['Alpine Ski House', 'consent-missing', '']]);
    expect(csv[0].UsageRemedy).toBe(alpine.remedy);

    // the admin consents; the next pull clears the mark, and a sync keeps what the pull found
    expect((await h.call('POST', `/simulator/customers/${CUSTOMERS.alpine}`, { graphConsent: { callRecords: true } })).status).toBe(200);
    try {
        expect((await h.as('contosoAdmin')('POST', `/api/customers/${CUSTOMERS.alpine}/usage/pull`)).json).toMatchObject({ state: 'ok' });
        await sync();
        const synced = (await h.as('contosoSales')('GET', '/api/readiness')).json;
        expect(synced.usageCounts).toEqual({ ok: 2, 'consent-missing': 0, failed: 0, 'not-pulled': 13 });
        expect(stateOf(synced.items, CUSTOMERS.alpine).usage).toMatchObject({ state: 'ok', lastPulledThrough: '2026-11-16T00:00:00.000Z' });
        expect(stateOf(synced.items, CUSTOMERS.alpine).usage.remedy).toBeUndefined();
    } finally {
        await h.call('POST', `/simulator/customers/${CUSTOMERS.alpine}`, { graphConsent: { callRecords: false } });
    }
});
