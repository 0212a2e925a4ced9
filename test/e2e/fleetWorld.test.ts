// The fleet view against a generated world (simulator/world/generate.ts): the
// generator labels each customer with the state it built it to be in, from
// its own model; the app lists and assesses every customer with its own rules.
// Each label must be what the seller (or its indirect provider) sees, and each
// partner's fleet holds only its own customers.
import { generateWorld, type Label } from '../../simulator/world/generate';
import { AgentName, AppHost, startAppHost } from '../helpers/appHost';
import { until } from '../helpers/wait';

jest.setTimeout(120_000);

const generated = generateWorld({ customers: 120, seed: 3, delays: 'zero' });
const VIEWERS: Record<string, AgentName> = { 1001: 'contosoAdmin', 1002: 'litwareAdmin', 2001: 'tailspinAdmin' };

let h: AppHost;
const fleets: Record<string, any[]> = {};
const counts: Record<string, Record<string, number>> = {};
beforeAll(async () => {
    h = await startAppHost({ edit: (w) => Object.assign(w, generated.world) });
    const res = await h.call('POST', '/admin/functions/readModelSync', undefined, { 'x-functions-key': h.host.systemKey });
    expect(res.status).toBe(202);
    await until(() => h.logs.some((l) => l.function === 'readModelSync' && l.outcome === 'succeeded') || undefined, 90_000, 100);
    for (const [partnerId, agent] of Object.entries(VIEWERS)) {
        const items: any[] = [];
        let token: string | null = null;
        do {
            const page: any = (await h.as(agent)('GET', `/api/readiness?limit=50${token ? `&continuationToken=${token}` : ''}`)).json;
            items.push(...page.items);
            counts[partnerId] = page.counts;
            token = page.continuationToken;
        } while (token);
        fleets[partnerId] = items;
    }
});
afterAll(async () => { await h?.stop(); });

/** The partner whose fleet shows the label's state: the seller, or for a two-tier sale its provider. */
const viewerOf = (l: Label) => l.providerId ?? l.partnerId;

test('every generated customer is in its seller\'s fleet in the state it was built to be in', () => {
    const labelled = Object.entries(generated.labels).filter(([, l]) => VIEWERS[viewerOf(l)]);
    expect(labelled.length).toBeGreaterThan(100);
    const mismatches = labelled.flatMap(([tenant, l]) => {
        const row = fleets[viewerOf(l)].find((r) => r.customerTenantId === tenant);
        const found = row && { state: row.state, blockers: row.state === 'blocked' ? row.blockers.map((b: any) => b.code).sort() : undefined };
        const meant = { state: l.intendedState, blockers: l.intendedState === 'blocked' ? [...(l.blockers ?? [])].sort() : undefined };
        return JSON.stringify(found) === JSON.stringify(meant) ? [] : [{ tenant, meant, found }];
    });
    expect(mismatches).toEqual([]);
    for (const state of ['on', 'on-credits-first', 'ready', 'blocked', 'owned-by-another-partner', 'not-eligible']) {
        expect(labelled.some(([, l]) => l.intendedState === state)).toBe(true);
    }
});

test('a customer managed by another partner names that partner', () => {
    for (const [tenant, l] of Object.entries(generated.labels)) {
        if (l.intendedState !== 'owned-by-another-partner' || !l.ownedBy || !VIEWERS[viewerOf(l)]) continue;
        const row = fleets[viewerOf(l)].find((r) => r.customerTenantId === tenant);
        expect(row.blockers[0].detail).toContain(l.ownedBy);
    }
});

test('a partner\'s fleet holds only customers it sold (directly or through its resellers) or holds overage for', () => {
    for (const partnerId of Object.keys(VIEWERS)) {
        for (const row of fleets[partnerId]) {
            const l = generated.labels[row.customerTenantId];
            expect([viewerOf(l), l.ownedBy]).toContain(partnerId);
        }
    }
    // the counts each answer carries are those of the rows
    for (const partnerId of Object.keys(VIEWERS)) {
        const tally: Record<string, number> = { on: 0, 'on-credits-first': 0, ready: 0, blocked: 0, 'owned-by-another-partner': 0, 'not-eligible': 0, total: fleets[partnerId].length };
        for (const r of fleets[partnerId]) tally[r.state]++;
        expect(counts[partnerId]).toEqual(tally);
    }
});

test('an indirect provider\'s rows name the reseller each customer was sold through', () => {
    const resold = fleets['2001'].filter((r) => generated.labels[r.customerTenantId].providerId === '2001');
    expect(resold.length).toBeGreaterThan(0);
    for (const r of resold) expect(r.reseller?.partnerId).toBe(generated.labels[r.customerTenantId].partnerId);
});

