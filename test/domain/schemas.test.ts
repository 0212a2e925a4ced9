import {
    Customer, OverageCollection, OverageSetting, OverageUpdate, Partner, RateCard, CallingPlan,
    OVERAGE_RESOURCE_GROUP, findRate, toOverageCollection, compareInstants,
} from '../../shared/core/domain/domain';
import { ENT_A, customer, partner, subscription } from './fixtures';

const paths = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
    (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe('Partner', () => {
    test('sandbox defaults to false', () => {
        expect(partner().sandbox).toBe(false);
        expect(partner().sandboxAzurePlanAccess).toBe(false);
    });

    test('an indirect reseller must name its provider', () => {
        const r = Partner.safeParse({ ...partner(), kind: 'indirectReseller', providerId: null });
        expect(r.success).toBe(false);
        expect(paths(r)).toEqual(['providerId']);
    });

    test('an indirect reseller cannot be its own provider', () => {
        expect(Partner.safeParse({ ...partner(), kind: 'indirectReseller', providerId: '1001' }).success).toBe(false);
    });

    test('a direct partner has no provider', () => {
        expect(paths(Partner.safeParse({ ...partner(), providerId: '2001' }))).toEqual(['providerId']);
    });

    test('unknown roles and bad e-mail addresses are refused', () => {
        const r = Partner.safeParse({ ...partner(), adminContact: 'not-mail', agents: [{ upn: 'a@b.example', roles: ['Owner'] }] });
        expect(paths(r).sort()).toEqual(['adminContact', 'agents.0.roles.0']);
    });

    test('the same agent twice is refused', () => {
        const agents = [{ upn: 'a@contoso.example', roles: ['AdminAgent'] }, { upn: 'A@contoso.example', roles: ['SalesAgent'] }];
        expect(paths(Partner.safeParse({ ...partner(), agents }))).toEqual(['agents.1.upn']);
    });
});

describe('Customer', () => {
    test('the fixture is valid', () => {
        expect(() => customer()).not.toThrow();
    });

    test('country must be ISO alpha-2 upper case, tenant a GUID', () => {
        const r = Customer.safeParse({ ...customer(), country: 'de', tenantId: 'fabrikam' });
        expect(paths(r).sort()).toEqual(['country', 'tenantId']);
    });

    test('a customer without Azure has no entitlements', () => {
        const r = Customer.safeParse({ ...customer(), azure: { kind: 'none', mcaAccepted: true, entitlements: [{ id: ENT_A, name: 'x' }] } });
        expect(paths(r)).toEqual(['azure.entitlements']);
    });

    test('overage must point at one of the customer\'s entitlements', () => {
        const overage = [{ type: 'PhoneServices', partnerId: '1001', azureEntitlementId: 'cccccccc-0000-4000-8000-000000000009', overageEnabled: true }];
        expect(paths(Customer.safeParse({ ...customer(), overage }))).toEqual(['overage.0.azureEntitlementId']);
    });

    test('enabled overage needs an Azure plan', () => {
        const r = Customer.safeParse({
            ...customer(),
            azure: { kind: 'legacy', mcaAccepted: true, entitlements: [{ id: ENT_A, name: 'legacy' }] },
            overage: [{ type: 'PhoneServices', partnerId: '1001', azureEntitlementId: ENT_A, overageEnabled: true }],
        });
        expect(paths(r)).toEqual(['overage.0.overageEnabled']);
    });

    test('one setting per service', () => {
        const setting = { type: 'PhoneServices', partnerId: '1001', azureEntitlementId: ENT_A, overageEnabled: true };
        expect(paths(Customer.safeParse({ ...customer(), overage: [setting, { ...setting, overageEnabled: false, azureEntitlementId: null }] })))
            .toEqual(['overage.1.type']);
    });

    test('duplicate subscription ids are refused', () => {
        const s = subscription();
        expect(paths(Customer.safeParse({ ...customer(), subscriptions: [s, { ...s }] }))).toEqual(['subscriptions.1.id']);
    });

    test('license quantity must be a positive integer; consumptionType is "overage" or null', () => {
        const r = Customer.safeParse({ ...customer(), subscriptions: [{ ...subscription(), quantity: 0, consumptionType: 'usage' }] });
        expect(paths(r).sort()).toEqual(['subscriptions.0.consumptionType', 'subscriptions.0.quantity']);
    });

    test('credits balance cannot be negative; currency is three upper-case letters', () => {
        const r = Customer.safeParse({ ...customer(), credits: { balance: -1, currency: 'eur', autoRecharge: null } });
        expect(paths(r).sort()).toEqual(['credits.balance', 'credits.currency']);
    });
});

test('a Pay-As-You-Go plan has no included minutes', () => {
    expect(CallingPlan.safeParse({ kind: 'payg', country: 'US', minutesPerLicense: 0 }).success).toBe(true);
    expect(CallingPlan.safeParse({ kind: 'payg', country: 'US', minutesPerLicense: 100 }).success).toBe(false);
});

test('enabled overage without an entitlement is refused', () => {
    expect(OverageSetting.safeParse({ type: 'PhoneServices', partnerId: '1', azureEntitlementId: null, overageEnabled: true }).success).toBe(false);
    expect(OverageSetting.safeParse({ type: 'PhoneServices', partnerId: '1', azureEntitlementId: null, overageEnabled: false }).success).toBe(true);
});

describe('Partner Center shapes', () => {
    const sample = {
        totalCount: 1,
        items: [{ azureEntitlementId: ENT_A, partnerId: '1234', type: 'PhoneServices', overageEnabled: true, attributes: { objectType: 'Overage' } }],
        attributes: { objectType: 'Collection' },
    };

    test('the documented GET answer parses', () => {
        expect(OverageCollection.parse(sample)).toEqual(sample);
    });

    test('totalCount must match the items', () => {
        expect(OverageCollection.safeParse({ ...sample, totalCount: 2 }).success).toBe(false);
    });

    test('wrong objectType is refused', () => {
        expect(OverageCollection.safeParse({ ...sample, attributes: { objectType: 'Overage' } }).success).toBe(false);
    });

    test('toOverageCollection builds what OverageCollection accepts', () => {
        const settings = [{ type: 'PhoneServices' as const, partnerId: '1234', azureEntitlementId: ENT_A, overageEnabled: true }];
        expect(OverageCollection.parse(toOverageCollection(settings))).toEqual(sample);
        expect(toOverageCollection([])).toEqual({ totalCount: 0, items: [], attributes: { objectType: 'Collection' } });
    });

    test('PUT body: partnerId optional, entitlement required to enable', () => {
        expect(OverageUpdate.safeParse({ azureEntitlementId: ENT_A, overageEnabled: true }).success).toBe(true);
        expect(OverageUpdate.safeParse({ azureEntitlementId: ENT_A, partnerId: '3001', overageEnabled: true }).success).toBe(true);
        expect(OverageUpdate.safeParse({ azureEntitlementId: null, overageEnabled: false }).success).toBe(true);
        expect(OverageUpdate.safeParse({ azureEntitlementId: null, overageEnabled: true }).success).toBe(false);
        expect(OverageUpdate.safeParse({ azureEntitlementId: 'nope', overageEnabled: true }).success).toBe(false);
    });
});

describe('RateCard', () => {
    const card = {
        currency: 'EUR',
        effectiveFrom: '2025-01-01',
        rates: [
            { meterId: 'm-de', meterName: 'Calls to Germany', meterCategory: 'Teams Calling', destination: 'DE', perMinute: 0.02, connectionFee: 0 },
            { meterId: 'm-tf', meterName: 'Toll-free US', meterCategory: 'Teams Calling', destination: 'tollFree-US', perMinute: 0.03, connectionFee: 0.01 },
        ],
    };

    test('parses and finds a rate', () => {
        const parsed = RateCard.parse(card);
        expect(findRate(parsed, 'Teams Calling', 'tollFree-US')?.meterId).toBe('m-tf');
        expect(findRate(parsed, 'Teams Audio Conferencing', 'DE')).toBeUndefined();
    });

    test('negative prices, duplicate meters and duplicate destinations are refused', () => {
        expect(RateCard.safeParse({ ...card, rates: [{ ...card.rates[0], perMinute: -0.01 }] }).success).toBe(false);
        expect(RateCard.safeParse({ ...card, rates: [card.rates[0], { ...card.rates[1], meterId: 'm-de' }] }).success).toBe(false);
        expect(RateCard.safeParse({ ...card, rates: [card.rates[0], { ...card.rates[1], destination: 'DE' }] }).success).toBe(false);
    });
});

test('the overage resource group is M365', () => {
    expect(OVERAGE_RESOURCE_GROUP.name).toBe('M365');
});

test('instants compare by moment, not by text', () => {
    expect(compareInstants('2025-03-01T01:00:00+02:00', '2025-03-01T00:00:00Z')).toBeLessThan(0);
});
