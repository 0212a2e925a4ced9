import { Blocker, preflightBlockers, PREFLIGHT_CODES, type PreflightInput } from '../../shared/core/domain/domain';
import { customer, partner } from './fixtures';

const clean: PreflightInput = { partner: partner(), customer: customer() };
const codes = (input: PreflightInput) => preflightBlockers(input).map((b) => b.code);
const withPolicies = (policies: Partial<ReturnType<typeof customer>['policies']>): PreflightInput =>
    ({ ...clean, customer: { ...clean.customer, policies: { ...clean.customer.policies, ...policies } } });

test('a clean customer has no blockers', () => {
    expect(preflightBlockers(clean)).toEqual([]);
});

test('GDAP missing', () => {
    expect(codes(withPolicies({ gdapAzureAccess: false }))).toEqual(['gdap-missing']);
});

test('Conditional Access token protection', () => {
    expect(codes(withPolicies({ conditionalAccessTokenProtection: true }))).toEqual(['conditional-access-blocked']);
});

describe('allowed locations', () => {
    test('a policy with regions blocks the M365 group, whose location Microsoft does not publish', () => {
        const [b] = preflightBlockers(withPolicies({ allowedLocations: ['westeurope', 'germanywestcentral'] }));
        expect(b.code).toBe('location-policy-blocked');
        expect(b.detail).toContain('M365');
        expect(b.remedy).toMatch(/exempt the resource group M365/);
    });

    test('a policy that also allows global blocks too: the group may be anywhere', () => {
        expect(codes(withPolicies({ allowedLocations: ['westeurope', 'Global'] }))).toEqual(['location-policy-blocked']);
    });

    test('no policy does not block', () => {
        expect(codes(withPolicies({ allowedLocations: null }))).toEqual([]);
    });

    test('an empty policy blocks everything', () => {
        expect(codes(withPolicies({ allowedLocations: [] }))).toEqual(['location-policy-blocked']);
    });
});

test('a sandbox partner without Azure plan access', () => {
    expect(codes({ ...clean, partner: partner({ sandbox: true }) })).toEqual(['sandbox-no-azure-plan']);
    expect(codes({ ...clean, partner: partner({ sandbox: true, sandboxAzurePlanAccess: true }) })).toEqual([]);
});

test('MCA only matters when a legacy transition is needed', () => {
    const legacy = (mcaAccepted: boolean) => ({ ...clean, customer: customer({ azure: { kind: 'legacy', mcaAccepted, entitlements: [] } }) });
    expect(codes(legacy(false))).toEqual(['mca-not-accepted']);
    expect(codes(legacy(true))).toEqual([]);
    expect(codes({ ...clean, customer: customer({ azure: { kind: 'none', mcaAccepted: false, entitlements: [] } }) })).toEqual([]);
});

test('all at once, in the stable order, each with a remedy that fits the schema', () => {
    const input: PreflightInput = {
        partner: partner({ sandbox: true }),
        customer: customer({
            azure: { kind: 'legacy', mcaAccepted: false, entitlements: [] },
            policies: { gdapAzureAccess: false, conditionalAccessTokenProtection: true, allowedLocations: ['eastus'] },
        }),
    };
    const blockers = preflightBlockers(input);
    expect(blockers.map((b) => b.code)).toEqual([...PREFLIGHT_CODES]);
    for (const b of blockers) {
        expect(Blocker.parse(b)).toEqual(b);
        expect(b.remedy.length).toBeGreaterThan(40);
    }
});
