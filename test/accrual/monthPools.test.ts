// A customer-month's pools as the accrual gathers them: the tenant's licences
// read as the served partners in turn, countries from the users holding them,
// else from what the partners see in Partner Center; when no one can read the
// tenant, Partner Center's view, with a warning that names the reasons and no partner.
import type { MicrosoftClients, MicrosoftClientsOf } from '../../shared/adapters/microsoftClients';
import type { AssignedLicences, TenantLicence } from '../../shared/adapters/tenantLicences/tenantLicences';
import { UpstreamHttpError } from '../../shared/adapters/http/httpClient';
import type { Caller } from '../../shared/core/domain/partner';
import type { LicenseSubscription } from '../../shared/core/domain/subscription';
import { monthPools, type ServedView } from '../../shared/features/accrual/monthPools';

const CUSTOMER = '10000000-0000-4000-8000-000000000007';
const END = Date.parse('2026-12-01T00:00:00Z');
const caller = (partnerId: string): Caller => ({ partnerId, upn: `admin@${partnerId}.example`, roles: ['AdminAgent'] } as Caller);
const sub = (id: string, partnerId: string, quantity: number, purchasedAt = '2024-06-01T00:00:00Z'): LicenseSubscription => ({
    id, partnerId, sku: 'Teams Phone with Calling Plan', consumptionType: 'overage', quantity, purchasedAt, plan: { kind: 'domestic', country: 'BE', minutesPerLicense: 120 },
});
const views: ServedView[] = [
    { caller: caller('1001'), subscriptions: [sub('20000000-0000-4000-8000-000000000010', '1001', 20)], country: 'BE' },
    { caller: caller('1002'), subscriptions: [sub('20000000-0000-4000-8000-000000000009', '1002', 10), sub('20000000-0000-4000-8000-000000000099', '1002', 7, '2026-12-02T00:00:00Z')], country: 'BE' },
];
const refused = (status: number) => new UpstreamHttpError({ upstream: 'microsoft-graph', method: 'GET', url: '/v1.0/subscribedSkus', attempts: 1 }, status, '', undefined);

/** Graph as each partner reaches it: the tenant's SKUs and users (none unless given), or the error it throws. */
function graph(answers: Record<string, TenantLicence[] | Error>, users: AssignedLicences[] | Error = []): MicrosoftClientsOf {
    const answer = async <T>(tenant: string, a: T | Error): Promise<T> => {
        expect(tenant).toBe(CUSTOMER);
        if (a instanceof Error) throw a;
        return a;
    };
    return (c) => ({
        licences: { subscribedSkus: (tenant: string) => answer(tenant, answers[c.partnerId]), usageLocations: (tenant: string) => answer(tenant, users) },
    } as unknown as MicrosoftClients);
}

// 45 licences in the tenant: Contoso sold 20, Litware 10, and 15 came from a seller this deployment does not serve
const PSTN5 = '5d000000-0000-4000-8000-000000000005';
const TENANT: TenantLicence[] = [{ skuId: PSTN5, skuPartNumber: 'MCOPSTN5', enabledUnits: 45, consumedUnits: 41, servicePlans: ['MCOPSTN5'] }, { skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', skuPartNumber: 'ENTERPRISEPACK', enabledUnits: 50, consumedUnits: 50, servicePlans: ['EXCHANGE_S_ENTERPRISE'] }];

test('the tenant\'s licences, whoever sold them, counted whole (bought ones, not only those assigned)', async () => {
    const warnings: string[] = [];
    const p = await monthPools(graph({ 1001: TENANT, 1002: TENANT }), views, CUSTOMER, END, warnings);
    // 45 × 120 in BE, the country both partners' catalogs show
    expect(p).toEqual({
        pools: [{ country: 'BE', plan: 'domestic', minutes: 5400 }], poolSource: 'tenant',
        poolLicences: [{ sku: 'MCOPSTN5', capability: 'MCOPSTN5', plan: 'domestic', country: 'BE', licences: 45, minutesPerLicence: 120, countryFrom: 'partnerCenter' }],
    });
    expect(warnings).toEqual([]);
});

test('the users holding the licences say where the pools are; licences no user holds go where most users are', async () => {
    const warnings: string[] = [];
    // 41 of the 45 assigned: 30 in BE, 10 in LU, 1 without a usage location; the 4 unassigned and that 1 count in BE
    const users: AssignedLicences[] = [{ skuId: PSTN5, usageLocation: 'BE', users: 30 }, { skuId: PSTN5, usageLocation: 'LU', users: 10 }, { skuId: PSTN5, usageLocation: null, users: 1 }];
    const p = await monthPools(graph({ 1001: TENANT }, users), views, CUSTOMER, END, warnings);
    expect(p.pools).toEqual([{ country: 'BE', plan: 'domestic', minutes: 4200 }, { country: 'LU', plan: 'domestic', minutes: 1200 }]);
    expect(p.poolLicences.map((l) => [l.country, l.licences, l.countryFrom])).toEqual([['BE', 35, 'usageLocation'], ['LU', 10, 'usageLocation']]);
    expect(warnings).toEqual([]);
});

test('users that cannot be read: the licences still count, in the countries Partner Center shows, and a warning says why', async () => {
    const warnings: string[] = [];
    const p = await monthPools(graph({ 1001: TENANT }, refused(429)), views, CUSTOMER, END, warnings);
    expect(p).toMatchObject({ poolSource: 'tenant', pools: [{ country: 'BE', plan: 'domestic', minutes: 5400 }] });
    expect(warnings).toEqual(['Where the tenant\'s users are could not be read (Microsoft Graph users: HTTP 429): the pools\' countries are those Partner Center shows, else the customer\'s.']);
});

test('one partner refused, the next one reads the tenant', async () => {
    const warnings: string[] = [];
    const p = await monthPools(graph({ 1001: refused(403), 1002: TENANT }), views, CUSTOMER, END, warnings);
    expect(p).toMatchObject({ poolSource: 'tenant', pools: [{ country: 'BE', plan: 'domestic', minutes: 5400 }] });
    expect(warnings).toEqual([]);
});

test('nobody can read the tenant: the served partners\' licences as Partner Center shows them, each once, bought before the month ended; a warning with the reasons, naming no partner', async () => {
    const warnings: string[] = [];
    const p = await monthPools(graph({ 1001: refused(403), 1002: new Error('socket hang up') }), views, CUSTOMER, END, warnings);
    // 20 + 10 = 30 × 120 (Litware's 7 bought in December are not November's)
    expect(p).toEqual({
        pools: [{ country: 'BE', plan: 'domestic', minutes: 3600 }], poolSource: 'partnerCenter',
        poolLicences: [{ sku: 'Teams Phone with Calling Plan', capability: null, plan: 'domestic', country: 'BE', licences: 30, minutesPerLicence: 120, countryFrom: 'partnerCenter' }],
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^The licences of the customer's tenant could not be read \(Microsoft Graph refused them: HTTP 403, socket hang up\)/);
    expect(warnings[0]).toMatch(/incomplete until it is rated again/);
    expect(warnings[0]).not.toMatch(/1001|1002/);
});
