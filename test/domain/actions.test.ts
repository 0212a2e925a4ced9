import { overageActions, stopsTheRun, type ActionFacts } from '../../shared/core/domain/rules/actions';
import { PREFLIGHT_CODES, preflightBlockers, type PreflightInput } from '../../shared/core/domain/rules/preflight';
import { ownershipOf, type OverageOwner } from '../../shared/core/domain/rules/ownership';
import { canManageOverage } from '../../shared/core/domain/rules/roles';
import type { AgentRole } from '../../shared/core/domain/partner';

const TENANT = '10000000-0000-4000-8000-000000000006';
const NAMES: Record<string, string> = { 1001: 'Contoso Telecom', 1002: 'Litware Voice' };
const contoso = { id: '1001', name: 'Contoso Telecom', kind: 'direct' as const, providerId: null };
const agent = (roles: AgentRole[]) => ({ partnerId: '1001', upn: 'someone@contoso-telecom.example', roles });
const assigned = (partnerId: string): OverageOwner => ({ partnerId, basis: 'assignment', azureEntitlementId: '30000000-0000-4000-8000-000000000007' });
const onRecord = (partnerId: string): OverageOwner => ({ partnerId, basis: 'partner-center-record' });

function facts(o: { roles?: AgentRole[]; owner: OverageOwner | null; enabled?: boolean; handover?: ActionFacts['openHandover'] }): ActionFacts {
    return {
        callerPartnerId: '1001',
        manage: canManageOverage(agent(o.roles ?? ['AdminAgent']), contoso),
        ownership: ownershipOf(o.owner, TENANT, 'PhoneServices', '1001'),
        overageEnabled: o.enabled ?? false,
        openHandover: o.handover ?? null,
        nameOf: (id) => NAMES[id] ?? `Partner ${id}`,
    };
}

describe('overageActions', () => {
    test('Trey Research as Contoso sees it (Litware is on record): no enable, a take-over from Litware by name', () => {
        const a = overageActions(facts({ owner: onRecord('1002') }));
        expect(a.enable).toEqual({ allowed: false, reason: { code: 'owned-by-another-partner', detail: "Litware Voice bills this customer's overage; ask for a handover." } });
        expect(a.requestHandover).toEqual({ allowed: true, direction: 'take-over', fromPartnerId: '1002', fromPartnerName: 'Litware Voice', label: 'Take over from Litware Voice' });
        expect(a.disable.allowed).toBe(false);
    });

    test('another partner holding overage on: no disable for the caller', () => {
        const a = overageActions(facts({ owner: assigned('1002'), enabled: true }));
        expect(a.disable).toMatchObject({ allowed: false, reason: { code: 'owned-by-another-partner' } });
    });

    test('the owner may switch off, reassign and hand over to another partner', () => {
        const a = overageActions(facts({ owner: assigned('1001'), enabled: true }));
        expect([a.enable.allowed, a.disable.allowed]).toEqual([true, true]);
        expect(a.requestHandover).toMatchObject({ allowed: true, direction: 'hand-over', label: 'Hand over to another partner' });
        expect(a.cancelHandover).toMatchObject({ allowed: false, reason: { code: 'no-open-handover' } });
    });

    test('a SalesAgent is offered nothing that changes anything, each with the role refusal', () => {
        const a = overageActions(facts({ roles: ['SalesAgent'], owner: assigned('1001'), enabled: true }));
        for (const action of [a.enable, a.disable, a.requestHandover, a.cancelHandover]) {
            expect(action).toMatchObject({ allowed: false, reason: { code: 'role-not-permitted' } });
        }
    });

    test('nobody owns it: enable, but no handover and nothing to switch off', () => {
        const a = overageActions(facts({ owner: null }));
        expect(a.enable.allowed).toBe(true);
        expect(a.disable.reason?.code).toBe('overage-not-on');
        expect(a.requestHandover.reason?.code).toBe('no-current-owner');
    });

    test('a customer the fleet found not eligible: no enable, with the assessment\'s words', () => {
        const notEligible = { code: 'not-eligible', detail: 'Coho Winery holds no licence whose SKU allows overage.', remedy: 'Sell the customer a licence whose SKU allows overage.' };
        expect(overageActions({ ...facts({ owner: null }), assessed: [notEligible] }).enable).toEqual({ allowed: false, reason: notEligible });
    });

    // each blocker rule 8 can find, as preflightBlockers words it: the run would stop on it, so enable is withheld with its remedy
    const CUSTOMER = { name: 'Proseware', azure: { kind: 'plan' as const, mcaAccepted: true, entitlements: [] } };
    const OPEN_POLICIES = { gdapAzureAccess: true, conditionalAccessTokenProtection: false, allowedLocations: null };
    const PARTNER = { name: 'Contoso Telecom', sandbox: false, sandboxAzurePlanAccess: false };
    const preflightCases: [string, PreflightInput][] = [
        ['gdap-missing', { partner: PARTNER, customer: { ...CUSTOMER, policies: { ...OPEN_POLICIES, gdapAzureAccess: false } } }],
        ['conditional-access-blocked', { partner: PARTNER, customer: { ...CUSTOMER, policies: { ...OPEN_POLICIES, conditionalAccessTokenProtection: true } } }],
        ['location-policy-blocked', { partner: PARTNER, customer: { ...CUSTOMER, policies: { ...OPEN_POLICIES, allowedLocations: ['westeurope'] } } }],
        ['sandbox-no-azure-plan', { partner: { ...PARTNER, sandbox: true }, customer: { ...CUSTOMER, policies: OPEN_POLICIES } }],
        ['mca-not-accepted', { partner: PARTNER, customer: { ...CUSTOMER, azure: { kind: 'legacy', mcaAccepted: false, entitlements: [] }, policies: OPEN_POLICIES } }],
    ];
    test.each(preflightCases)('preflight blocker %s already found: no enable, its detail and remedy as the reason', (code, input) => {
        const found = preflightBlockers(input);
        expect(found.map((b) => b.code)).toEqual([code]);
        const a = overageActions({ ...facts({ owner: null }), assessed: found });
        expect(a.enable).toEqual({ allowed: false, reason: { code, detail: found[0].detail, remedy: found[0].remedy } });
    });

    test('every code rule 8 can give stops the run, and is covered above', () => {
        expect(PREFLIGHT_CODES.filter(stopsTheRun)).toEqual([...PREFLIGHT_CODES]);
        expect(preflightCases.map(([c]) => c).sort()).toEqual([...PREFLIGHT_CODES].sort());
    });

    test('blockers the run resolves itself, or a read that failed, do not withhold enable', () => {
        const resolved = [
            { code: 'legacy-entitlement', detail: 'Alpine Ski House is on the legacy offer.', remedy: 'The run moves it to an Azure plan.' },
            { code: 'auto-recharge-on', detail: 'Auto-recharge keeps credits paying first.', remedy: 'Choose to wait until it is off.' },
            { code: 'unknown', detail: 'Could not read the tenant policies: HTTP 503.', remedy: 'Refresh later.' },
        ];
        expect(overageActions({ ...facts({ owner: null }), assessed: resolved }).enable).toEqual({ allowed: true });
    });

    test('taking over is withheld by a blocker the caller\'s own enable would stop on; the owner handing over is not', () => {
        const [gdap] = preflightBlockers(preflightCases[0][1]);
        expect(overageActions({ ...facts({ owner: onRecord('1002') }), assessed: [gdap] }).requestHandover)
            .toEqual({ allowed: false, reason: { code: 'gdap-missing', detail: gdap.detail, remedy: gdap.remedy }, direction: 'take-over', fromPartnerId: '1002', fromPartnerName: 'Litware Voice', label: 'Take over from Litware Voice' });
        expect(overageActions({ ...facts({ owner: assigned('1001'), enabled: true }), assessed: [gdap] }).requestHandover).toMatchObject({ allowed: true, direction: 'hand-over' });
    });

    test('rule 2 and rule 4 come before a known blocker: the reason says what the caller can act on first', () => {
        const [gdap] = preflightBlockers(preflightCases[0][1]);
        expect(overageActions({ ...facts({ roles: ['SalesAgent'], owner: null }), assessed: [gdap] }).enable.reason?.code).toBe('role-not-permitted');
        expect(overageActions({ ...facts({ owner: onRecord('1002') }), assessed: [gdap] }).enable.reason?.code).toBe('owned-by-another-partner');
    });

    test('an indirect provider acting for the reseller that holds it: switch off, but no handover (the reseller would have to ask)', () => {
        const tailspin = { id: '2001', name: 'Tailspin Distribution', kind: 'indirectProvider' as const, providerId: null };
        const northwind = { id: '3001', name: 'Northwind Reseller', kind: 'indirectReseller' as const, providerId: '2001' };
        const manage = canManageOverage({ partnerId: '2001', upn: 'admin@tailspin-distribution.example', roles: ['AdminAgent'] }, tailspin, { onBehalfOf: northwind });
        const a = overageActions({
            callerPartnerId: '2001', manage, ownership: ownershipOf(assigned('3001'), TENANT, 'PhoneServices', '3001'), overageEnabled: true, openHandover: null,
            nameOf: (id) => ({ 2001: 'Tailspin Distribution', 3001: 'Northwind Reseller' })[id] ?? id,
        });
        expect([a.enable.allowed, a.disable.allowed]).toEqual([true, true]);
        expect(a.requestHandover).toMatchObject({ allowed: false, reason: { code: 'role-not-permitted', detail: expect.stringContaining('Northwind Reseller holds') }, direction: null });
    });

    test('an open handover: only its requester may cancel it, and only while it awaits answers', () => {
        const mine = { id: 'h1', requestedByPartnerId: '1001', awaitingApprovals: true };
        expect(overageActions(facts({ owner: onRecord('1002'), handover: mine })).cancelHandover).toEqual({ allowed: true, handoverId: 'h1' });
        expect(overageActions(facts({ owner: onRecord('1002'), handover: mine })).requestHandover.reason?.code).toBe('handover-open');
        expect(overageActions(facts({ owner: assigned('1001'), enabled: true, handover: { ...mine, requestedByPartnerId: '1002' } })).cancelHandover)
            .toMatchObject({ allowed: false, reason: { code: 'not-requester' } });
        expect(overageActions(facts({ owner: onRecord('1002'), handover: { ...mine, awaitingApprovals: false } })).cancelHandover.reason?.code).toBe('handover-not-cancellable');
    });
});
