// Generated worlds (simulator/world/generate.ts, npm run world:generate): the
// same seed gives the same file, the mix follows the table of
// docs/simulator.md, the file is one the simulator loads, and every label is
// what the simulator's own rules make of the customer it names. Then a
// generated world served by a host, listed through the app's Partner Center
// client.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PartnerCenterClient } from '../../shared/adapters/partnerCenter/partnerCenterClient';
import { refuseNewSubscription, refuseTransition } from '../../simulator/rules/azurePlan';
import { refuseIneligibleCustomer } from '../../simulator/rules/overageEligibility';
import { holderOf, overageRecordOf, refuseNotHolder } from '../../simulator/rules/overageRecord';
import { decideOverageUpdate } from '../../simulator/rules/overageUpdate';
import { isCustomerOf } from '../../simulator/rules/partnerAccounts';
import { refuseNotReady } from '../../simulator/rules/tenantReadiness';
import { DEFAULT_WORLD_PATH, loadWorldFile, type Customer, type World } from '../../simulator/world';
import {
    generateWorld, INTENDED_STATES, mixCounts, READINESS_MIX, seededRandom, ZERO_DELAYS, type GeneratedWorld, type Label,
} from '../../simulator/world/generate';
import { startSimulatorHost } from '../helpers/simulatorHost';
import { tempDir } from '../helpers/testHost';

const GUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ROOT = path.join(__dirname, '..', '..');

/** Writes the generated world and reads it back with the simulator's loader, as `SIMULATOR_WORLD` would. */
function loaded(g: GeneratedWorld): World {
    const dir = tempDir('too-genworld-');
    try {
        const file = path.join(dir, 'world.json');
        fs.writeFileSync(file, JSON.stringify(g.world));
        return loadWorldFile(file);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const countStates = (labels: Record<string, Label>) => {
    const n = Object.fromEntries(INTENDED_STATES.map((s) => [s, 0])) as Record<string, number>;
    for (const l of Object.values(labels)) n[l.intendedState]++;
    return n;
};

describe('the mix', () => {
    test('the table adds up to 100 percent, and every state is in it', () => {
        expect(Object.keys(READINESS_MIX)).toEqual([...INTENDED_STATES]);
        expect(Object.values(READINESS_MIX).reduce((a, b) => a + b, 0)).toBe(100);
    });

    test('each count is its share rounded down or up, and the counts add up to the customers', () => {
        for (const n of [...Array.from({ length: 120 }, (_, i) => i + 1), 333, 2000, 9999, 10_000]) {
            const counts = mixCounts(n);
            expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(n);
            for (const s of INTENDED_STATES) expect(Math.abs(counts[s] - (n * READINESS_MIX[s]) / 100)).toBeLessThan(1);
        }
        expect(mixCounts(2000)).toEqual({ 'on': 600, 'on-credits-first': 200, 'ready': 500, 'blocked': 300, 'owned-by-another-partner': 200, 'not-eligible': 200 });
        // 50: 12.5 ready and 7.5 blocked; the one customer left over goes to the first in table order
        expect(mixCounts(50)).toEqual({ 'on': 15, 'on-credits-first': 5, 'ready': 13, 'blocked': 7, 'owned-by-another-partner': 5, 'not-eligible': 5 });
    });
});

describe('a generated world', () => {
    const g = generateWorld({ customers: 2000, seed: 1 });
    const world = loaded(g);

    test('the same seed writes the same file, byte for byte; another seed another world', () => {
        const again = generateWorld({ customers: 2000, seed: 1 });
        expect(JSON.stringify(again.world)).toBe(JSON.stringify(g.world));
        expect(JSON.stringify(again.labels)).toBe(JSON.stringify(g.labels));
        expect(generateWorld({ customers: 2000, seed: 2 }).world.customers[0].tenantId).not.toBe(g.world.customers[0].tenantId);
        const a = seededRandom(42);
        const b = seededRandom(42);
        expect(Array.from({ length: 5 }, () => a.uint32())).toEqual(Array.from({ length: 5 }, () => b.uint32()));
    });

    test('validates, and parsing adds nothing: the file already holds every default', () => {
        expect(world.customers).toHaveLength(2000);
        expect(world).toEqual(g.world);
    });

    test('the counts per intended state are the table\'s', () => {
        expect(g.counts).toEqual(mixCounts(2000));
        expect(countStates(g.labels)).toEqual(g.counts);
        expect(Object.keys(g.labels).sort()).toEqual(world.customers.map((c) => c.tenantId).sort());
    });

    test('partners like the demo world\'s: a direct partner with the large fleet, an indirect provider with two resellers, another direct partner', () => {
        const demo = loadWorldFile(DEFAULT_WORLD_PATH);
        expect(world.partners.map((p) => [p.id, p.kind, p.providerId])).toEqual([
            ['1001', 'direct', null], ['1002', 'direct', null], ['2001', 'indirectProvider', null], ['3001', 'indirectReseller', '2001'], ['3002', 'indirectReseller', '2001'],
        ]);
        for (const p of world.partners) {
            const domain = p.adminContact.split('@')[1];
            expect(p.agents.map((a) => a.upn)).toEqual(expect.arrayContaining([`admin@${domain}`, `sales@${domain}`]));
            expect(p.agents.find((a) => a.upn === `admin@${domain}`)!.roles).toEqual(['AdminAgent']);
            const inDemo = demo.partners.find((d) => d.id === p.id);
            if (inDemo) expect(p).toEqual(inDemo); // the demo agents sign in to a generated world too
        }
        const sold = Object.entries(g.sellers).sort((a, b) => b[1] - a[1]);
        expect(sold[0][0]).toBe('1001');
        expect(sold[0][1]).toBeGreaterThan(2000 * 0.4);
        for (const [, n] of sold) expect(n).toBeGreaterThan(0);
    });

    test('tenant, subscription and entitlement ids are version 4 GUIDs, none used twice; names and mailboxes are unique', () => {
        const ids = world.customers.flatMap((c) => [c.tenantId, ...c.subscriptions.map((s) => s.id), ...c.azure.entitlements.map((e) => e.id)]);
        for (const id of ids) expect(id).toMatch(GUID_V4);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(world.customers.map((c) => c.name)).size).toBe(2000);
        expect(new Set(world.customers.map((c) => c.adminContact)).size).toBe(2000);
    });

    test('delays: the demo world\'s unless --delays zero; no faults', () => {
        expect(world.delays).toEqual(loadWorldFile(DEFAULT_WORLD_PATH).delays);
        expect(generateWorld({ customers: 5, seed: 1, delays: 'zero' }).world.delays).toEqual(ZERO_DELAYS);
        expect(Object.values(ZERO_DELAYS)).toEqual([0, 0, 0]);
        expect(world.faults).toEqual([]);
    });

    test('every label is what the simulator\'s own rules make of its customer (this world, and five more seeds)', () => {
        const problems: string[] = [];
        for (const [w, labels] of [[world, g.labels] as const, ...[2, 3, 4, 5, 6].map((seed) => {
            const more = generateWorld({ customers: 400, seed });
            return [more.world, more.labels] as const;
        })]) {
            const partner = (id: string) => w.partners.find((p) => p.id === id)!;
            for (const c of w.customers) {
                const label = labels[c.tenantId];
                const problem = disagreement(w, c, label, partner);
                if (problem) problems.push(`${c.name} (${c.tenantId}), meant ${label.intendedState}: ${problem}`);
            }
        }
        expect(problems).toEqual([]);
    });

    test('a label that misstates its customer is caught by that check', () => {
        const partner = (id: string) => world.partners.find((p) => p.id === id)!;
        for (const state of INTENDED_STATES) {
            const c = world.customers.find((x) => g.labels[x.tenantId].intendedState === state)!;
            for (const other of INTENDED_STATES.filter((s) => s !== state)) {
                expect([state, other, disagreement(world, c, { ...g.labels[c.tenantId], intendedState: other }, partner)]).toEqual([state, other, expect.any(String)]);
            }
        }
    });

    test('50 customers hold every state; 10,000 are generated and loaded well within 5 s', () => {
        const small = generateWorld({ customers: 50, seed: 3 });
        loaded(small);
        for (const s of INTENDED_STATES) expect(countStates(small.labels)[s]).toBeGreaterThanOrEqual(1);

        const started = performance.now();
        const large = generateWorld({ customers: 10_000, seed: 1 });
        const generatedMs = performance.now() - started;
        const loadStarted = performance.now();
        expect(loaded(large).customers).toHaveLength(10_000);
        const loadMs = performance.now() - loadStarted;
        expect(generatedMs).toBeLessThan(5000);
        expect(loadMs).toBeLessThan(5000);
        expect(countStates(large.labels)).toEqual(mixCounts(10_000));
    });
});

/** Why the simulator's rules would not put `c` in the state its label says, or undefined when they would. */
function disagreement(world: World, c: Customer, label: Label, partner: (id: string) => World['partners'][number]): string | undefined {
    const seller = partner(label.partnerId);
    const transacting = label.providerId ? partner(label.providerId) : seller;
    if (seller.kind === 'indirectReseller' && seller.providerId !== label.providerId) return `sold by ${seller.id}, whose provider is not ${label.providerId}`;
    if (!isCustomerOf(world, seller, c) || !isCustomerOf(world, transacting, c)) return 'not a customer of its seller';
    const admin = { partner: transacting, roles: ['AdminAgent'] as const };
    const enable = (azureEntitlementId: string) => ({ type: 'PhoneServices' as const, azureEntitlementId, overageEnabled: true, ...(label.providerId ? { partnerId: seller.id } : {}) });
    const record = overageRecordOf(c, 'PhoneServices');
    const credits = c.credits;
    const creditsPayFirst = credits !== null && (credits.balance > 0 || credits.autoRecharge?.enabled === true);
    const blockers = [
        !c.policies.gdapAzureAccess && 'gdap-missing',
        c.policies.conditionalAccessTokenProtection && 'conditional-access-blocked',
        c.policies.allowedLocations !== null && 'location-policy-blocked',
        c.azure.kind === 'legacy' && refuseTransition(c)?.code === 'mca-not-accepted' && 'mca-not-accepted',
    ].filter((b): b is string => typeof b === 'string');
    // an allowed-locations policy is assigned to subscriptions: without Azure, none would show in ARM (and the app could not see it)
    if (c.policies.allowedLocations !== null && c.azure.entitlements.length === 0) return 'an allowed-locations policy without an Azure subscription to carry it';
    const eligibleAndMine = () => refuseIneligibleCustomer(c)?.code ?? refuseNotHolder(c, 'PhoneServices', seller.id)?.code;

    switch (label.intendedState) {
        case 'on':
        case 'on-credits-first': {
            if (!record?.overageEnabled || record.partnerId !== seller.id) return `overage record ${JSON.stringify(record)}`;
            if (c.azure.kind !== 'plan' || !c.azure.entitlements.some((e) => e.id === record.azureEntitlementId)) return 'not billed to a subscription under its Azure plan';
            if (creditsPayFirst !== (label.intendedState === 'on-credits-first')) return `credits ${JSON.stringify(credits)}`;
            // the holder may reassign it
            const code = codeOf(decideOverageUpdate(world, admin, c, enable(record.azureEntitlementId!)));
            return code === 'ok' ? undefined : `reassigning it is refused: ${code}`;
        }
        case 'ready': {
            const refused = eligibleAndMine() ?? refuseNotReady(transacting, c)?.code;
            if (refused) return `refused: ${refused}`;
            if (blockers.length || record?.overageEnabled || creditsPayFirst) return `blockers ${blockers}, record ${JSON.stringify(record)}, credits ${JSON.stringify(credits)}`;
            if (c.azure.kind === 'plan') return orNone(codeOf(decideOverageUpdate(world, admin, c, enable(c.azure.entitlements[0].id))));
            if (c.azure.kind === 'legacy') return refuseTransition(c)?.code;
            return refuseNewSubscription(world, transacting, c, label.providerId ? seller.id : undefined)?.code;
        }
        case 'blocked': {
            const refused = eligibleAndMine();
            if (refused) return `refused before its blockers: ${refused}`;
            if (record?.overageEnabled) return 'overage is on';
            if (JSON.stringify(blockers) !== JSON.stringify(label.blockers)) return `blockers ${blockers}, labelled ${label.blockers}`;
            const first = refuseNotReady(transacting, c)?.code ?? refuseTransition(c)?.code;
            return first !== undefined && blockers.includes(first) ? undefined : `Partner Center answers ${first}`;
        }
        case 'owned-by-another-partner': {
            if (refuseIneligibleCustomer(c)) return 'not eligible';
            if (holderOf(record) !== label.ownedBy || label.ownedBy === seller.id) return `held by ${holderOf(record)}, labelled ${label.ownedBy}`;
            const code = codeOf(decideOverageUpdate(world, admin, c, enable(c.azure.entitlements[0]?.id ?? c.tenantId)));
            return code === 'owned-by-another-partner' ? undefined : `Partner Center answers ${code}`;
        }
        case 'not-eligible':
            return refuseIneligibleCustomer(c)?.code === 'not-eligible' && record === undefined ? undefined : 'eligible';
    }
}

const codeOf = (x: object) => ('code' in x ? String(x.code) : 'ok');
const orNone = (code: string) => (code === 'ok' ? undefined : code);

describe('a generated world on a host', () => {
    test('npm run world:generate writes the world and its labels, and says where and what', () => {
        const dir = tempDir('too-worldgen-');
        try {
            const out = path.join(dir, 'worlds', 'fleet.json');
            const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'worldGenerate.js'), '--customers', '60', '--seed', '5', '--delays', 'zero', '--out', out], { encoding: 'utf8', timeout: 30_000 });
            expect(run.stderr).toBe('');
            expect(run.status).toBe(0);
            const [where, summary] = run.stdout.trim().split('\n');
            expect(where).toBe(out);
            expect(summary).toMatch(/^60 customers, seed 5, zero delays: on 18, on-credits-first 6, ready 15, blocked 9, owned-by-another-partner 6, not-eligible 6; sold by 1001 \d+/);
            expect(fs.readFileSync(out, 'utf8')).toBe(`${JSON.stringify(generateWorld({ customers: 60, seed: 5, delays: 'zero' }).world)}\n`);
            const labels = JSON.parse(fs.readFileSync(path.join(dir, 'worlds', 'fleet.labels.json'), 'utf8'));
            expect(labels).toMatchObject({ world: 'fleet.json', seed: 5, customers: 60, counts: mixCounts(60) });
            expect(Object.keys(labels.labels)).toHaveLength(60);

            const bad = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'worldGenerate.js'), '--customers', 'lots'], { encoding: 'utf8', timeout: 30_000 });
            expect(bad.status).toBe(1);
            expect(bad.stderr).toMatch(/^usage: npm run world:generate -- --customers/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    test('served by a host, each partner lists the customers the generator gave it; a provider\'s resellers\' customers carry associatedPartnerId', async () => {
        const g = generateWorld({ customers: 400, seed: 11, delays: 'zero' });
        const sim = await startSimulatorHost((w) => Object.assign(w, g.world));
        try {
            const list = async (partnerId: string, upn: string) => {
                const pc = new PartnerCenterClient({ baseUrl: sim.endpoints.partnerCenter, token: sim.tokenFor({ partnerId, upn, roles: ['SalesAgent'] }), backoffMs: 10 });
                const all = [];
                for await (const page of pc.customers({ pageSize: 50 })) all.push(...page);
                return all;
            };
            const labels = Object.entries(g.labels);
            const expected = (pick: (l: Label) => boolean) => labels.filter(([, l]) => pick(l)).map(([id]) => id).sort();

            const contoso = await list('1001', 'sales@contoso-telecom.example');
            // its own, and Litware's customers whose overage it holds
            expect(contoso.map((c) => c.id)).toEqual(expected((l) => l.partnerId === '1001' || l.ownedBy === '1001'));
            const tailspin = await list('2001', 'sales@tailspin-distribution.example');
            expect(tailspin.map((c) => c.id)).toEqual(expected((l) => l.partnerId === '2001' || l.providerId === '2001'));
            for (const c of tailspin) expect(c.associatedPartnerId).toBe(g.labels[c.id].providerId ? g.labels[c.id].partnerId : undefined);
            const wingtip = await list('3002', 'sales@wingtip-reseller.example');
            expect(wingtip.map((c) => c.id)).toEqual(expected((l) => l.partnerId === '3002'));
        } finally {
            await sim.stop();
        }
    });
});
