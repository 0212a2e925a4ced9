import fc from 'fast-check';
import { checkOwnership, resolveOwner, HANDOVER_FLOW, openHandover, applyHandoverEvent, type Handover, type LicenseSubscription } from '../../shared/core/domain/domain';
import { ENT_A, TENANT, customer, subscription } from './fixtures';

const litwareFirst = subscription({ partnerId: '1002', purchasedAt: '2024-11-04T16:45:00Z' });
const contosoLater = subscription({ partnerId: '1001', purchasedAt: '2025-01-15T10:00:00Z' });

describe('resolveOwner', () => {
    test('the earliest overage purchase owns, whatever the order of the data', () => {
        for (const subscriptions of [[litwareFirst, contosoLater], [contosoLater, litwareFirst]]) {
            expect(resolveOwner(customer({ subscriptions }), 'PhoneServices')).toMatchObject({ partnerId: '1002', basis: 'first-purchase', subscriptionId: litwareFirst.id });
        }
    });

    test('time zones are compared as instants, not as text', () => {
        // 01:00+02:00 is 23:00 the day before in UTC, so it came first
        const a = subscription({ partnerId: '1001', purchasedAt: '2025-01-02T01:00:00+02:00' });
        const b = subscription({ partnerId: '1002', purchasedAt: '2025-01-01T23:30:00Z' });
        expect(resolveOwner(customer({ subscriptions: [b, a] }), 'PhoneServices')?.partnerId).toBe('1001');
    });

    test('ties go to the lower subscription id', () => {
        const at = '2025-02-01T00:00:00Z';
        const low = subscription({ id: '00000000-0000-4000-8000-000000000001', partnerId: '1002', purchasedAt: at });
        const high = subscription({ id: 'ffffffff-0000-4000-8000-000000000001', partnerId: '1001', purchasedAt: at });
        expect(resolveOwner(customer({ subscriptions: [high, low] }), 'PhoneServices')?.partnerId).toBe('1002');
        expect(resolveOwner(customer({ subscriptions: [low, high] }), 'PhoneServices')?.partnerId).toBe('1002');
    });

    test('purchases of SKUs without overage do not count', () => {
        const earlierStandard = subscription({ partnerId: '1002', purchasedAt: '2020-01-01T00:00:00Z', consumptionType: null });
        expect(resolveOwner(customer({ subscriptions: [earlierStandard, contosoLater] }), 'PhoneServices')?.partnerId).toBe('1001');
    });

    test('nobody owns a customer without overage purchases or assignment', () => {
        expect(resolveOwner(customer({ subscriptions: [] }), 'PhoneServices')).toBeNull();
    });

    test('an enabled assignment keeps its partner as owner, even against an earlier purchase', () => {
        const c = customer({
            subscriptions: [litwareFirst, contosoLater],
            overage: [{ type: 'PhoneServices', partnerId: '1001', azureEntitlementId: ENT_A, overageEnabled: true }],
        });
        expect(resolveOwner(c, 'PhoneServices')).toEqual({ partnerId: '1001', basis: 'assignment', azureEntitlementId: ENT_A });
    });

    test('a setting switched to None assigns nothing: ownership goes back to the first purchase', () => {
        const c = customer({
            subscriptions: [litwareFirst, contosoLater],
            overage: [{ type: 'PhoneServices', partnerId: '1001', azureEntitlementId: null, overageEnabled: false }],
        });
        expect(resolveOwner(c, 'PhoneServices')).toMatchObject({ partnerId: '1002', basis: 'first-purchase' });
    });

    test('property: any permutation of the subscriptions gives the same owner', () => {
        const arbSub = fc.record({
            partnerId: fc.constantFrom('1001', '1002', '1003'),
            // few distinct instants so ties are common
            purchasedAt: fc.constantFrom('2025-01-01T00:00:00Z', '2025-01-01T01:00:00+01:00', '2025-02-01T00:00:00Z', '2024-12-31T12:00:00Z'),
            overage: fc.boolean(),
        });
        fc.assert(fc.property(fc.array(arbSub, { minLength: 1, maxLength: 8 }), fc.infiniteStream(fc.nat()), (specs, seeds) => {
            const subs: LicenseSubscription[] = specs.map((s) => subscription({ partnerId: s.partnerId, purchasedAt: s.purchasedAt, consumptionType: s.overage ? 'overage' : null }));
            const shuffled = [...subs];
            const it = seeds[Symbol.iterator]();
            for (let i = shuffled.length - 1; i > 0; i--) {
                const j = it.next().value % (i + 1);
                [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
            }
            const a = resolveOwner({ subscriptions: subs, overage: [] }, 'PhoneServices');
            const b = resolveOwner({ subscriptions: shuffled, overage: [] }, 'PhoneServices');
            expect(b).toEqual(a);
            // and it is one of the earliest overage purchases
            const eligible = subs.filter((s) => s.consumptionType === 'overage');
            if (eligible.length === 0) return expect(a).toBeNull();
            const earliest = Math.min(...eligible.map((s) => Date.parse(s.purchasedAt)));
            const winner = eligible.find((s) => s.id === (a as { subscriptionId: string }).subscriptionId);
            expect(winner && Date.parse(winner.purchasedAt)).toBe(earliest);
        }));
    });
});

describe('checkOwnership', () => {
    const c = customer({ subscriptions: [contosoLater, litwareFirst] });

    test('the owner may', () => {
        expect(checkOwnership(c, 'PhoneServices', '1002')).toMatchObject({ allowed: true, via: 'owner' });
    });

    test('a later buyer is refused and pointed at the handover', () => {
        const result = checkOwnership(c, 'PhoneServices', '1001');
        expect(result).toMatchObject({ allowed: false, code: 'owned-by-another-partner', handoverFlow: HANDOVER_FLOW, owner: { partnerId: '1002' } });
        if (!result.allowed) {
            expect(result.detail).toContain('1002');
            // the flow is named in its own field; the remedy says it in words
            expect(result.remedy).toMatch(/^Request a handover from partner 1002 to partner 1001;/);
            expect(result.remedy).not.toContain(HANDOVER_FLOW);
        }
    });

    test('anyone may when nobody owns it yet', () => {
        expect(checkOwnership(customer({ subscriptions: [] }), 'PhoneServices', '1001')).toMatchObject({ allowed: true, via: 'unowned' });
    });

    describe('with a handover', () => {
        const open = (): Handover => {
            const r = openHandover({ id: 'h1', customerTenantId: TENANT, type: 'PhoneServices', fromPartnerId: '1002', toPartnerId: '1001', toAzureTarget: ENT_A, at: '2025-06-01T00:00:00Z' });
            if (!r.ok) throw new Error(r.detail);
            return r.handover;
        };
        const agreeAndSetNone = (h: Handover): Handover => {
            for (const party of ['currentPartner', 'newPartner', 'customer'] as const) {
                const r = applyHandoverEvent(h, { kind: 'decision', party, decision: 'approve', at: '2025-06-02T00:00:00Z' });
                if (!r.ok) throw new Error(r.detail);
                h = r.handover;
            }
            const r = applyHandoverEvent(h, { kind: 'noneSet', at: '2025-06-03T00:00:00Z' });
            if (!r.ok) throw new Error(r.detail);
            return r.handover;
        };

        test('a pending handover grants nothing', () => {
            expect(checkOwnership(c, 'PhoneServices', '1001', { handover: open() }).allowed).toBe(false);
        });

        test('once agreed and set to None by the owner, the new partner may assign', () => {
            expect(checkOwnership(c, 'PhoneServices', '1001', { handover: agreeAndSetNone(open()) })).toMatchObject({ allowed: true, via: 'handover' });
        });

        test('a handover for another customer or to another partner grants nothing', () => {
            const h = agreeAndSetNone(open());
            expect(checkOwnership(c, 'PhoneServices', '1003', { handover: h }).allowed).toBe(false);
            expect(checkOwnership({ ...c, tenantId: '22222222-2222-4222-8222-222222222222' }, 'PhoneServices', '1001', { handover: h }).allowed).toBe(false);
        });
    });
});
