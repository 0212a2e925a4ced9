// The world file: the demo world parses and shows what its README promises
// (here as the app's domain rules read it; test/simulator/rules.test.ts reads
// it with the simulator's own rules), and bad files are reported precisely.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {
    alignAzurePlan, assessCredits, canManageOverage, checkEligibility, checkOwnership, overageSettingFor, preflightBlockers, resolveOwner,
} from '../../shared/core/domain/domain';
import {
    DEFAULT_WORLD_PATH, Fault, MAX_SIMULATED_DELAY_MS, WorldFileError, formatJsonPath, jsonErrorOffset, loadWorldFile, parseWorld, type World,
} from '../../simulator/world';

const demo = loadWorldFile(DEFAULT_WORLD_PATH);
const clone = (): any => JSON.parse(JSON.stringify(demo));

function errorOf(fn: () => unknown): WorldFileError {
    try {
        fn();
    } catch (err) {
        if (err instanceof WorldFileError) return err;
        throw err;
    }
    throw new Error('expected a WorldFileError');
}

describe('the demo world', () => {
    test('sits in simulator/worlds and parses', () => {
        expect(path.relative(path.join(__dirname, '..', '..'), DEFAULT_WORLD_PATH)).toBe(path.join('simulator', 'worlds', 'demo.json'));
        expect(demo.customers.length).toBeGreaterThanOrEqual(16);
        expect(demo.faults).toEqual([]);
        for (const ms of Object.values(demo.delays)) expect(ms).toBeLessThanOrEqual(MAX_SIMULATED_DELAY_MS);
    });

    test('has every kind of partner and every agent role', () => {
        expect(new Set(demo.partners.map((p) => p.kind))).toEqual(new Set(['direct', 'indirectProvider', 'indirectReseller']));
        expect(demo.partners.some((p) => p.sandbox)).toBe(true);
        expect(new Set(demo.partners.flatMap((p) => p.agents.flatMap((a) => a.roles)))).toEqual(new Set(['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'GlobalAdmin']));
    });

    test('has every calling plan kind, toll-free numbers, and a note per customer', () => {
        const kinds = new Set(demo.customers.flatMap((c) => c.subscriptions.map((s) => s.plan?.kind)));
        for (const k of ['domestic', 'domesticInternational', 'payg', 'audioConferencing', undefined]) expect(kinds).toContain(k);
        expect(demo.customers.some((c) => (c.tollFreeNumbers ?? []).length > 0)).toBe(true);
        for (const c of demo.customers) expect(c.scenario).toBeTruthy();
    });

    // The scenarios README.md promises, checked against the app's rules (the second reading, next to the simulator's).
    const byName = (name: string) => {
        const c = demo.customers.find((x) => x.name === name);
        if (!c) throw new Error(`no customer ${name} in the demo world`);
        return c;
    };
    const partnerOf = (id: string) => {
        const p = demo.partners.find((x) => x.id === id);
        if (!p) throw new Error(`no partner ${id}`);
        return p;
    };
    const ownerPartner = (name: string) => partnerOf(resolveOwner(byName(name), 'PhoneServices')!.partnerId);
    const preflight = (name: string) => preflightBlockers({ customer: byName(name), partner: ownerPartner(name) }).map((b) => b.code);

    test.each([
        ['Fabrikam', []],
        ['Proseware', ['gdap-missing']],
        ["Margie's Travel", ['conditional-access-blocked']],
        ['Humongous Insurance', ['location-policy-blocked']],
        ['Tailwind Traders (test tenant)', ['sandbox-no-azure-plan']],
        ['Bellows College', ['mca-not-accepted']],
        ['Alpine Ski House', []],
        ['Woodgrove Bank', []],
    ])('preflight for %s: %j', (name, expected) => {
        expect(preflight(name)).toEqual(expected);
    });

    test('Fabrikam: the happy path', () => {
        const c = byName('Fabrikam');
        expect(checkEligibility(c).eligible).toBe(true);
        expect(assessCredits(c.credits, { overageEnabled: true })).toMatchObject({ postpaidActive: true, blockers: [], warnings: [] });
        expect(alignAzurePlan(c.azure, c.azure.entitlements[0].id).step).toBe('useExisting');
        expect(alignAzurePlan(c.azure, 'new')).toEqual({ step: 'createSubscriptionUnderPlan', displayName: 'Subscription 2' });
        const admin = partnerOf('1001').agents.find((a) => a.roles.includes('AdminAgent'))!;
        expect(canManageOverage({ partnerId: '1001', ...admin }, partnerOf('1001')).allowed).toBe(true);
        const helpdesk = partnerOf('1001').agents.find((a) => a.roles.includes('HelpdeskAgent'))!;
        expect(canManageOverage({ partnerId: '1001', ...helpdesk }, partnerOf('1001'))).toMatchObject({ code: 'role-not-permitted' });
    });

    test.each([
        ['Woodgrove Bank', 'createNoCostPlan'],
        ['Alpine Ski House', 'transitionLegacyFirst'],
        ['Bellows College', 'refused'],
    ])('Azure alignment for %s: %s', (name, step) => {
        expect(alignAzurePlan(byName(name).azure, 'new').step).toBe(step);
    });

    test('Coho Winery is not eligible', () => {
        expect(checkEligibility(byName('Coho Winery')).eligible).toBe(false);
    });

    test('Trey Research: the earliest buyer (listed second) owns it', () => {
        const c = byName('Trey Research');
        expect(c.subscriptions[1].partnerId).toBe('1002');
        expect(resolveOwner(c, 'PhoneServices')).toMatchObject({ partnerId: '1002', basis: 'first-purchase' });
        expect(checkOwnership(c, 'PhoneServices', '1001')).toMatchObject({ allowed: false, code: 'owned-by-another-partner' });
    });

    test('Lucerne Publishing: the existing assignment stands against an earlier purchase', () => {
        const c = byName('Lucerne Publishing');
        expect(resolveOwner(c, 'PhoneServices')).toMatchObject({ partnerId: '1001', basis: 'assignment' });
        expect(checkOwnership(c, 'PhoneServices', '1002').allowed).toBe(false);
        expect(c.azure.entitlements.length).toBeGreaterThanOrEqual(2);
        expect(assessCredits(c.credits, overageSettingFor(c, 'PhoneServices')).postpaidActive).toBe(true);
    });

    test('Wide World Importers: two-tier', () => {
        const c = byName('Wide World Importers');
        const reseller = partnerOf(c.subscriptions[0].partnerId);
        expect(reseller.kind).toBe('indirectReseller');
        const provider = partnerOf(reseller.providerId!);
        const refusal = canManageOverage({ partnerId: reseller.id, upn: reseller.agents[0].upn, roles: ['AdminAgent'] }, reseller, { provider });
        expect(refusal).toMatchObject({ allowed: false, code: 'indirect-reseller', provider: { id: provider.id, name: provider.name } });
        const admin = provider.agents.find((a) => a.roles.includes('AdminAgent'))!;
        const ok = canManageOverage({ partnerId: provider.id, ...admin }, provider, { onBehalfOf: reseller });
        expect(ok).toEqual({ allowed: true, actingForPartnerId: reseller.id });
        expect(checkOwnership(c, 'PhoneServices', reseller.id).allowed).toBe(true);
    });

    test('credits: drain warning, auto-recharge blocker', () => {
        const gdi = byName('Graphic Design Institute');
        expect(assessCredits(gdi.credits, overageSettingFor(gdi, 'PhoneServices'))).toMatchObject({ postpaidActive: false, blockers: [] });
        expect(assessCredits(gdi.credits, overageSettingFor(gdi, 'PhoneServices')).warnings.map((w) => w.code)).toEqual(['credits-drain-first']);
        const art = byName('School of Fine Art');
        expect(assessCredits(art.credits, { overageEnabled: true }).blockers.map((b) => b.code)).toEqual(['auto-recharge-on']);
    });

    test('PAYG, audio conferencing and toll-free customers are eligible', () => {
        expect(byName('Blue Yonder Airlines').subscriptions[0].plan).toMatchObject({ kind: 'payg', minutesPerLicense: 0 });
        expect(assessCredits(byName('Blue Yonder Airlines').credits, null).warnings.map((w) => w.code)).toEqual(['outbound-calls-refused']);
        expect(byName('Relecloud').subscriptions[0].plan?.kind).toBe('audioConferencing');
        expect(byName('VanArsdel').tollFreeNumbers?.length).toBeGreaterThan(0);
        for (const name of ['Blue Yonder Airlines', 'Relecloud', 'VanArsdel']) expect(checkEligibility(byName(name)).eligible).toBe(true);
    });
});

describe('error messages', () => {
    test('name the file and the JSON path of each bad field, one line each', () => {
        const w = clone();
        w.customers[2].azure.kind = 'legasy';
        w.partners[1].adminContact = 'nobody';
        delete w.customers[0].name;
        const err = errorOf(() => parseWorld(w, 'worlds/broken.json'));
        const lines = err.message.split('\n');
        expect(lines[0]).toContain('worlds/broken.json');
        expect(lines[0]).toContain('3 problems');
        expect(lines).toContainEqual(expect.stringMatching(/^ {2}customers\[2\]\.azure\.kind: .*"legasy"/));
        expect(lines).toContainEqual(expect.stringMatching(/^ {2}partners\[1\]\.adminContact: .*"nobody"/));
        expect(lines).toContainEqual('  customers[0].name: missing (expected string)');
        expect(err.file).toBe('worlds/broken.json');
        expect(err.issues.map((i) => i.path).sort()).toEqual(['customers[0].name', 'customers[2].azure.kind', 'partners[1].adminContact']);
        expect(lines).toHaveLength(4);
    });

    test('unknown fields in the world\'s own objects are reported (typos would silently fall back to defaults)', () => {
        const w = clone();
        w.delays = { aliasCreationMS: 100 };
        expect(errorOf(() => parseWorld(w, 'w.json')).message).toContain('delays.aliasCreationMS: unknown field');
    });

    test('fractional counts read plainly', () => {
        const w = clone();
        w.customers[5].subscriptions[0].quantity = 1.5;
        expect(errorOf(() => parseWorld(w, 'w.json')).message).toContain('customers[5].subscriptions[0].quantity: must be a whole number (got 1.5)');
    });

    test('Graph\'s fields: a licence id used twice, a usage ending before it starts, a call row with a typo', () => {
        const w = clone();
        w.customers[5].directLicences[0].id = w.customers[0].subscriptions[0].id;
        w.customers[0].usage.until = '2026-08-01';
        w.customers[1].pstnCalls = [{ startDateTime: '2026-11-02T08:00:00Z', duration: 60, callType: 'user_out', destinatonName: 'India' }];
        const message = errorOf(() => parseWorld(w, 'w.json')).message;
        expect(message).toContain('customers[0].usage.until: the last day (2026-08-01) comes before the first (2026-09-01)');
        expect(message).toContain('customers[1].pstnCalls[0].destinatonName: unknown field');
        // across customers only once each customer is well formed
        w.customers[0].usage.until = '2026-12-31';
        delete w.customers[1].pstnCalls[0].destinatonName;
        expect(errorOf(() => parseWorld(w, 'w.json')).message).toContain(`customers[5].directLicences[0].id: licence ${w.customers[0].subscriptions[0].id} also belongs to customers[0]`);
    });

    test('a root that is not an object', () => {
        expect(errorOf(() => parseWorld([], 'w.json')).message).toMatch(/\(root\): .*object/);
    });

    test('paths format', () => {
        expect(formatJsonPath(['customers', 2, 'azure', 'kind'])).toBe('customers[2].azure.kind');
        expect(formatJsonPath([0, 'a-b'])).toBe('[0]["a-b"]');
        expect(formatJsonPath([])).toBe('(root)');
    });
});

describe('delays and faults', () => {
    test('delays and faults may be left out', () => {
        const w = clone();
        delete w.delays;
        delete w.faults;
        const parsed = parseWorld(w, 'w.json');
        expect(parsed.delays).toEqual({ aliasCreationMs: 500, overageUpdateMs: 300, planTransitionMs: 1000 });
        expect(parsed.faults).toEqual([]);
    });

    test('delays above the cap are refused unless the cap is raised', () => {
        const w = clone();
        w.delays.planTransitionMs = MAX_SIMULATED_DELAY_MS + 1;
        expect(errorOf(() => parseWorld(w, 'w.json')).message).toContain(`delays.planTransitionMs: must be at most ${MAX_SIMULATED_DELAY_MS} ms`);
        expect(parseWorld(w, 'w.json', { maxDelayMs: 5000 }).delays.planTransitionMs).toBe(MAX_SIMULATED_DELAY_MS + 1);
        w.delays.planTransitionMs = -1;
        expect(errorOf(() => parseWorld(w, 'w.json')).message).toContain('delays.planTransitionMs:');
    });

    test('valid faults; the method is upper-cased', () => {
        const w = clone();
        w.faults = [
            { match: { method: 'put', pathPattern: '^/v1/customers/[^/]+/subscriptions/overage$' }, kind: 'status429', retryAfterSeconds: 2, times: 1 },
            { match: { pathPattern: 'aliases' }, kind: 'latency', latencyMs: 1500 },
            { match: { pathPattern: '.*' }, kind: 'malformed' },
        ];
        const parsed: World = parseWorld(w, 'w.json');
        expect(parsed.faults[0].match.method).toBe('PUT');
        expect(parsed.faults[1].times).toBeUndefined();
        expect(Fault.safeParse(parsed.faults[0]).success).toBe(true);
    });

    test.each([
        [{ match: { pathPattern: '(' }, kind: 'status500' }, 'faults[0].match.pathPattern: not a valid regular expression'],
        [{ match: { pathPattern: 'x' }, kind: 'explode' }, 'faults[0].kind:'],
        [{ match: { pathPattern: 'x', method: 'FETCH' }, kind: 'timeout' }, 'faults[0].match.method:'],
        [{ match: { pathPattern: 'x' }, kind: 'status500', latencyMs: 10 }, 'faults[0].latencyMs: only applies to kinds "latency" and "slowAnswer"'],
        [{ match: { pathPattern: 'x' }, kind: 'timeout', retryAfterSeconds: 1 }, 'faults[0].retryAfterSeconds: only applies to kind "status429"'],
        [{ match: { pathPattern: 'x' }, kind: 'latency', latencyMs: 60000 }, 'faults[0].latencyMs: must be at most'],
        [{ match: { pathPattern: 'x' }, kind: 'status500', times: 0 }, 'faults[0].times:'],
        [{ match: {}, kind: 'status500' }, 'faults[0].match.pathPattern: missing'],
    ])('bad fault %j', (fault, expected) => {
        const w = clone();
        w.faults = [fault];
        expect(errorOf(() => parseWorld(w, 'w.json')).message).toContain(expected);
    });
});

describe('cross-field checks', () => {
    const expectProblem = (mutate: (w: any) => void, expected: string) => {
        const w = clone();
        mutate(w);
        expect(errorOf(() => parseWorld(w, 'w.json')).message).toContain(expected);
    };

    test('partner ids are unique', () => expectProblem((w) => { w.partners[1].id = w.partners[0].id; }, 'partners[1].id: partner id 1001 is already used by partners[0]'));

    test('an agent belongs to one partner', () => expectProblem((w) => { w.partners[1].agents[0].upn = w.partners[0].agents[0].upn; }, 'partners[1].agents[0].upn:'));

    test('tenant ids are unique', () => expectProblem((w) => { w.customers[3].tenantId = w.customers[1].tenantId.toUpperCase(); }, 'customers[3].tenantId: tenant'));

    test('subscriptions name a known partner', () => expectProblem((w) => { w.customers[0].subscriptions[0].partnerId = '4242'; }, 'customers[0].subscriptions[0].partnerId: no partner has id 4242'));

    test('overage settings name a known partner', () => expectProblem((w) => { w.customers[6].overage[0].partnerId = '4242'; }, 'customers[6].overage[0].partnerId: no partner has id 4242'));

    test('a reseller\'s provider must exist', () => expectProblem((w) => { w.partners.find((p: any) => p.kind === 'indirectReseller').providerId = '7777'; }, '.providerId: no partner has id 7777'));

    test('a reseller\'s provider must be an indirect provider', () => {
        const w = clone();
        const i = w.partners.findIndex((p: any) => p.kind === 'indirectReseller');
        w.partners[i].providerId = '1001';
        expect(errorOf(() => parseWorld(w, 'w.json')).message).toContain(`partners[${i}].providerId: partner 1001 (Contoso Telecom) is direct, not an indirectProvider`);
    });

    test('an indirect reseller must name a provider at all', () => {
        const w = clone();
        const i = w.partners.findIndex((p: any) => p.kind === 'indirectReseller');
        w.partners[i].providerId = null;
        expect(errorOf(() => parseWorld(w, 'w.json')).message).toContain(`partners[${i}].providerId: an indirect reseller must name`);
    });

    test('overage points at one of the customer\'s own entitlements', () => {
        expectProblem((w) => { w.customers[6].overage[0].azureEntitlementId = w.customers[0].azure.entitlements[0].id; }, 'customers[6].overage[0].azureEntitlementId: ');
    });

    test('a customer without Azure has no entitlements', () => {
        const w = clone();
        const i = w.customers.findIndex((c: any) => c.azure.kind === 'none');
        w.customers[i].azure.entitlements = [{ id: '99999999-0000-4000-8000-000000000001', name: 'x' }];
        expect(errorOf(() => parseWorld(w, 'w.json')).message).toContain(`customers[${i}].azure.entitlements: a customer without Azure`);
    });

    test('a subscription id cannot appear under two customers', () => {
        expectProblem((w) => { w.customers[1].subscriptions[0].id = w.customers[0].subscriptions[0].id; }, 'customers[1].subscriptions[0].id: subscription');
    });

    test('an entitlement id cannot appear under two customers', () => {
        expectProblem((w) => { w.customers[4].azure.entitlements[0].id = w.customers[0].azure.entitlements[0].id; }, 'customers[4].azure.entitlements[0].id: Azure entitlement');
    });

    test('every problem is listed, not just the first', () => {
        const w = clone();
        w.customers[0].subscriptions[0].partnerId = '4242';
        w.customers[1].subscriptions[0].partnerId = '4343';
        const err = errorOf(() => parseWorld(w, 'w.json'));
        expect(err.issues.map((i) => i.path)).toEqual(['customers[0].subscriptions[0].partnerId', 'customers[1].subscriptions[0].partnerId']);
    });
});

describe('files', () => {
    let dir: string;
    beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'world-')); });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('invalid JSON: the file name and where the parser stopped', () => {
        const file = path.join(dir, 'bad.json');
        writeFileSync(file, '{\n  "partners": [],\n  "customers": [,]\n}\n');
        const err = errorOf(() => loadWorldFile(file));
        expect(err.message).toContain(file);
        expect(err.message).toContain('not valid JSON');
        expect(err.message).toMatch(/line 3, column 17/);
    });

    test('a byte order mark is tolerated', () => {
        const file = path.join(dir, 'bom.json');
        writeFileSync(file, '\uFEFF' + JSON.stringify({ partners: [], customers: [] }));
        expect(loadWorldFile(file)).toEqual({ partners: [], customers: [], delays: { aliasCreationMs: 500, overageUpdateMs: 300, planTransitionMs: 1000 }, faults: [] });
    });

    test('a missing file', () => {
        const file = path.join(dir, 'nope.json');
        expect(errorOf(() => loadWorldFile(file)).message).toContain(`cannot read simulator world file ${file}`);
    });

    test('schema problems in a file name that file', () => {
        const file = path.join(dir, 'schema.json');
        const w = clone();
        w.customers[2].azure.kind = 'legasy';
        writeFileSync(file, JSON.stringify(w, null, 2));
        const err = errorOf(() => loadWorldFile(file));
        expect(err.message.split('\n')[0]).toContain(file);
        expect(err.message).toContain('customers[2].azure.kind:');
    });
});

describe('jsonErrorOffset agrees with JSON.parse', () => {
    const parses = (s: string) => { try { JSON.parse(s); return true; } catch { return false; } };

    test.each(['{}', '[1, -2.5e+3, "a\\u00e9\\n", true, false, null]', ' {"a": {"b": []}} ', '0', '"x"'])('valid: %s', (s) => {
        expect(jsonErrorOffset(s)).toBeUndefined();
    });

    test.each([
        ['{"a": 1,}', 8], ['[1 2]', 3], ['{"a" 1}', 5], ['01', 1], ['"\u0001"', 1], ['tru', 3], ['', 0], ['{"a": "\\x"}', 8], ['[1.]', 3],
    ])('invalid: %j at %d', (s, at) => {
        expect(parses(s)).toBe(false);
        expect(jsonErrorOffset(s)).toBe(at);
    });

    test('property: valid exactly when JSON.parse accepts it', () => {
        const mutated = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '0', ' ', '\\', '-', '.')).map(([json, n, ch]) => {
            const at = n % (json.length + 1);
            return n % 2 === 0 ? json.slice(0, at) + ch + json.slice(at) : json.slice(0, at) + json.slice(at + 1);
        });
        fc.assert(fc.property(fc.oneof(fc.json(), mutated), (s) => {
            expect(jsonErrorOffset(s) === undefined).toBe(parses(s));
        }), { numRuns: 2000 });
    });
});
