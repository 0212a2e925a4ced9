// Builders for domain tests: valid by default (checked with the real schemas),
// so each test states only what it is about.
import { Customer, LicenseSubscription, Partner, type Caller } from '../../shared/core/domain/domain';

export const TENANT = '11111111-1111-4111-8111-111111111111';
export const ENT_A = 'aaaaaaaa-0000-4000-8000-000000000001';
export const ENT_B = 'aaaaaaaa-0000-4000-8000-000000000002';

let next = 0;
export function subscriptionId(): string {
    next++;
    return `bbbbbbbb-0000-4000-8000-${String(next).padStart(12, '0')}`;
}

export function subscription(overrides: Partial<LicenseSubscription> = {}): LicenseSubscription {
    return LicenseSubscription.parse({
        id: subscriptionId(),
        partnerId: '1001',
        sku: 'Microsoft Teams Phone with Calling Plan',
        consumptionType: 'overage',
        quantity: 10,
        purchasedAt: '2025-03-01T00:00:00Z',
        plan: { kind: 'domestic', country: 'DE', minutesPerLicense: 120 },
        ...overrides,
    });
}

export function customer(overrides: Partial<Customer> = {}): Customer {
    return Customer.parse({
        tenantId: TENANT,
        name: 'Fabrikam',
        country: 'DE',
        adminContact: 'it@fabrikam.example',
        azure: { kind: 'plan', mcaAccepted: true, entitlements: [{ id: ENT_A, name: 'Subscription 1' }, { id: ENT_B, name: 'Fabrikam Production' }] },
        subscriptions: [subscription()],
        credits: null,
        policies: { gdapAzureAccess: true, conditionalAccessTokenProtection: false, allowedLocations: null },
        overage: [],
        ...overrides,
    });
}

export function partner(overrides: Partial<Partner> = {}): Partner {
    return Partner.parse({
        id: '1001',
        name: 'Contoso Telecom',
        kind: 'direct',
        providerId: null,
        adminContact: 'ops@contoso.example',
        agents: [{ upn: 'admin@contoso.example', roles: ['AdminAgent'] }],
        ...overrides,
    });
}

export function caller(overrides: Partial<Caller> = {}): Caller {
    return { partnerId: '1001', upn: 'admin@contoso.example', roles: ['AdminAgent'], ...overrides };
}
