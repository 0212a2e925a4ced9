import { AzureTarget, alignAzurePlan, type AzureState } from '../../shared/core/domain/domain';
import { ENT_A, ENT_B } from './fixtures';

const plan: AzureState = { kind: 'plan', mcaAccepted: true, entitlements: [{ id: ENT_A, name: 'Subscription 1' }, { id: ENT_B, name: 'Production' }] };
const none: AzureState = { kind: 'none', mcaAccepted: true, entitlements: [] };
const legacy: AzureState = { kind: 'legacy', mcaAccepted: true, entitlements: [{ id: ENT_A, name: 'Azure in CSP' }] };
const UNKNOWN = 'dddddddd-0000-4000-8000-000000000000';

describe('Azure plan exists', () => {
    test('an existing subscription is used', () => {
        expect(alignAzurePlan(plan, ENT_B)).toEqual({ step: 'useExisting', azureEntitlementId: ENT_B });
    });

    test('ids match whatever their case', () => {
        expect(alignAzurePlan(plan, ENT_B.toUpperCase())).toMatchObject({ step: 'useExisting' });
    });

    test('an unknown subscription is refused', () => {
        expect(alignAzurePlan(plan, UNKNOWN)).toMatchObject({ step: 'refused', code: 'entitlement-not-found' });
    });

    test('"new" creates a subscription under the plan, with a name not yet taken', () => {
        expect(alignAzurePlan(plan, 'new')).toEqual({ step: 'createSubscriptionUnderPlan', displayName: 'Subscription 2' });
        expect(alignAzurePlan({ ...plan, entitlements: [] }, 'new')).toEqual({ step: 'createSubscriptionUnderPlan', displayName: 'Subscription 1' });
        expect(alignAzurePlan(plan, 'new', { displayName: 'Teams overage' })).toEqual({ step: 'createSubscriptionUnderPlan', displayName: 'Teams overage' });
    });
});

describe('no Azure', () => {
    test('a no-cost plan with "Subscription 1"', () => {
        expect(alignAzurePlan(none, 'new')).toEqual({ step: 'createNoCostPlan', displayName: 'Subscription 1' });
    });

    test('the default name is fixed even if another name was asked for', () => {
        expect(alignAzurePlan(none, 'new', { displayName: 'Mine' })).toEqual({ step: 'createNoCostPlan', displayName: 'Subscription 1' });
    });

    test('asking for an existing subscription is refused: there is none', () => {
        expect(alignAzurePlan(none, ENT_A)).toMatchObject({ step: 'refused', code: 'entitlement-not-found' });
    });
});

describe('legacy offer', () => {
    test('with the MCA accepted: transition first', () => {
        expect(alignAzurePlan(legacy, 'new')).toEqual({ step: 'transitionLegacyFirst', legacyEntitlementIds: [ENT_A] });
    });

    test('without the MCA: mca-not-accepted', () => {
        const result = alignAzurePlan({ ...legacy, mcaAccepted: false }, 'new');
        expect(result).toMatchObject({ step: 'refused', code: 'mca-not-accepted' });
        if (result.step === 'refused') expect(result.detail).toContain('MS-AZR-0145P');
    });

    test('a legacy subscription cannot be the target (it is suspended on transition)', () => {
        expect(alignAzurePlan(legacy, ENT_A)).toMatchObject({ step: 'refused', code: 'legacy-entitlement' });
    });

    test('an unknown id is refused before any transition is proposed', () => {
        expect(alignAzurePlan(legacy, UNKNOWN)).toMatchObject({ step: 'refused', code: 'entitlement-not-found' });
    });

    test('after the transition the same rule goes on under the plan', () => {
        expect(alignAzurePlan({ ...legacy, kind: 'plan' }, 'new')).toMatchObject({ step: 'createSubscriptionUnderPlan' });
    });
});

test('AzureTarget accepts "new" or a GUID only', () => {
    expect(AzureTarget.safeParse('new').success).toBe(true);
    expect(AzureTarget.safeParse(ENT_A).success).toBe(true);
    expect(AzureTarget.safeParse('New').success).toBe(false);
    expect(AzureTarget.safeParse('Subscription 1').success).toBe(false);
});
