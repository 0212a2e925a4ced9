import { checkEligibility } from '../../shared/core/domain/domain';
import { customer, subscription } from './fixtures';

test('a customer holding an overage SKU is eligible, and gets those subscriptions back', () => {
    const overage = subscription({ purchasedAt: '2025-02-01T00:00:00Z' });
    const standard = subscription({ sku: 'Microsoft Teams Phone Standard', consumptionType: null, plan: null });
    const result = checkEligibility(customer({ subscriptions: [standard, overage] }));
    expect(result).toEqual({ eligible: true, subscriptions: [overage] });
});

test('only SKUs without overage: not eligible, with a remedy', () => {
    const result = checkEligibility(customer({ subscriptions: [subscription({ consumptionType: null })] }));
    expect(result.eligible).toBe(false);
    if (result.eligible) return;
    expect(result.code).toBe('not-eligible');
    expect(result.detail).toContain('Fabrikam');
    expect(result.remedy).toMatch(/product that allows overage/);
});

test('no subscriptions at all: not eligible', () => {
    expect(checkEligibility(customer({ subscriptions: [] })).eligible).toBe(false);
});

test('a subscription with no licenses left does not count (data not from the schema)', () => {
    const held = { ...subscription(), quantity: 0 };
    expect(checkEligibility({ name: 'X', subscriptions: [held] }).eligible).toBe(false);
});

test('qualifying subscriptions come back oldest first, whatever the input order', () => {
    const late = subscription({ purchasedAt: '2025-05-01T00:00:00Z' });
    const early = subscription({ purchasedAt: '2024-12-24T23:00:00-02:00' });
    const middle = subscription({ purchasedAt: '2025-01-01T00:00:00Z' });
    const result = checkEligibility(customer({ subscriptions: [late, middle, early] }));
    expect(result.eligible && result.subscriptions.map((s) => s.id)).toEqual([early.id, middle.id, late.id]);
});

test('the input is not reordered in place', () => {
    const a = subscription({ purchasedAt: '2025-05-01T00:00:00Z' });
    const b = subscription({ purchasedAt: '2025-01-01T00:00:00Z' });
    const c = customer({ subscriptions: [a, b] });
    checkEligibility(c);
    expect(c.subscriptions.map((s) => s.id)).toEqual([a.id, b.id]);
});
