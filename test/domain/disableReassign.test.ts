import { decideOverageChange } from '../../shared/domain';
import { ENT_A, ENT_B, customer, subscription } from './fixtures';

const enabled = customer({
    subscriptions: [subscription({ partnerId: '1001' })],
    overage: [{ type: 'PhoneServices', partnerId: '1001', azureEntitlementId: ENT_A, overageEnabled: true }],
});

test('the owner can disable (set to None)', () => {
    expect(decideOverageChange(enabled, 'PhoneServices', '1001', { kind: 'disable' })).toEqual({
        allowed: true, noop: false, next: { type: 'PhoneServices', partnerId: '1001', azureEntitlementId: null, overageEnabled: false },
    });
});

test('disabling what is already off changes nothing', () => {
    const off = customer({ overage: [{ type: 'PhoneServices', partnerId: '1001', azureEntitlementId: null, overageEnabled: false }] });
    expect(decideOverageChange(off, 'PhoneServices', '1001', { kind: 'disable' })).toMatchObject({ allowed: true, noop: true, next: off.overage[0] });
    expect(decideOverageChange(customer(), 'PhoneServices', '1001', { kind: 'disable' })).toMatchObject({ allowed: true, noop: true, next: { overageEnabled: false } });
});

test('the owner can reassign to another of the customer\'s subscriptions', () => {
    expect(decideOverageChange(enabled, 'PhoneServices', '1001', { kind: 'reassign', azureEntitlementId: ENT_B })).toEqual({
        allowed: true, noop: false, next: { type: 'PhoneServices', partnerId: '1001', azureEntitlementId: ENT_B, overageEnabled: true },
    });
});

test('reassigning to the current subscription is a no-op', () => {
    expect(decideOverageChange(enabled, 'PhoneServices', '1001', { kind: 'reassign', azureEntitlementId: ENT_A.toUpperCase() })).toMatchObject({ allowed: true, noop: true });
});

test('reassigning to an unknown subscription is refused', () => {
    expect(decideOverageChange(enabled, 'PhoneServices', '1001', { kind: 'reassign', azureEntitlementId: 'eeeeeeee-0000-4000-8000-000000000000' }))
        .toMatchObject({ allowed: false, code: 'entitlement-not-found' });
});

test('reassigning while overage is off is refused: that is enabling', () => {
    expect(decideOverageChange(customer(), 'PhoneServices', '1001', { kind: 'reassign', azureEntitlementId: ENT_B }))
        .toMatchObject({ allowed: false, code: 'overage-not-enabled' });
});

test.each([{ kind: 'disable' as const }, { kind: 'reassign' as const, azureEntitlementId: ENT_B }])('another partner may not %j', (change) => {
    const withOther = { ...enabled, subscriptions: [...enabled.subscriptions, subscription({ partnerId: '1002', purchasedAt: '2020-01-01T00:00:00Z' })] };
    const result = decideOverageChange(withOther, 'PhoneServices', '1002', change);
    expect(result).toMatchObject({ allowed: false, code: 'owned-by-another-partner' });
    expect(Object.keys(result).sort()).toEqual(['allowed', 'code', 'detail', 'remedy']);
});
