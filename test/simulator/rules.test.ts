// The simulator's own reading of Microsoft's rules (simulator/rules/), over
// the demo world: each customer of simulator/worlds/README.md gets the answer
// Partner Center or ARM would give it.
import { refuseNewSubscription, refuseTransition } from '../../simulator/rules/azurePlan';
import { overageActingFor } from '../../simulator/rules/overageActor';
import { firstPurchaser, holderOf, overageRecordOf } from '../../simulator/rules/overageRecord';
import { decideOverageUpdate } from '../../simulator/rules/overageUpdate';
import { isCustomerOf } from '../../simulator/rules/partnerAccounts';
import { refuseNotReady } from '../../simulator/rules/tenantReadiness';
import { DEFAULT_WORLD_PATH, loadWorldFile, type Customer, type Partner, type World } from '../../simulator/world';
import { entitlement, tenant } from './support';

const demo = loadWorldFile(DEFAULT_WORLD_PATH);
const customer = (nn: number, world: World = demo): Customer => world.customers.find((c) => c.tenantId === tenant(nn))!;
const partner = (id: string): Partner => demo.partners.find((p) => p.id === id)!;
const admin = (id: string) => ({ partner: partner(id), roles: ['AdminAgent'] as const });
const enable = (ent: string, partnerId?: string) => ({ type: 'PhoneServices' as const, azureEntitlementId: ent, overageEnabled: true, ...(partnerId ? { partnerId } : {}) });
const disable = { type: 'PhoneServices' as const, azureEntitlementId: null, overageEnabled: false };
const codeOf = (x: object) => ('code' in x ? x.code : 'ok');

describe('who may change overage (roles, partner kinds, two-tier)', () => {
    test.each([
        ['AdminAgent', 'ok'], ['SalesAgent', 'role-not-permitted'], ['HelpdeskAgent', 'role-not-permitted'], ['GlobalAdmin', 'role-not-permitted'],
    ] as const)('a Contoso %s: %s', (role, code) => {
        expect(codeOf(overageActingFor(demo, { partner: partner('1001'), roles: [role] }))).toBe(code);
    });

    test('an indirect reseller is sent to its provider, by name and id', () => {
        expect(overageActingFor(demo, admin('3001'))).toMatchObject({ status: 403, code: 'indirect-reseller', message: expect.stringContaining('Tailspin Distribution (2001)') });
    });

    test('a provider acts for its own reseller only; a direct partner names nobody', () => {
        expect(overageActingFor(demo, admin('2001'), '3001')).toEqual({ actingFor: partner('3001') });
        expect(overageActingFor(demo, admin('2001'), '1002')).toMatchObject({ status: 403, code: 'not-reseller-of-provider' });
        expect(overageActingFor(demo, admin('1001'), '3001')).toMatchObject({ status: 403, code: 'not-reseller-of-provider', message: expect.stringContaining('direct partner') });
        expect(overageActingFor(demo, admin('1001'), '1001')).toEqual({ actingFor: partner('1001') });
    });
});

describe('the overage record: first purchase, holder, hand-over', () => {
    test('Trey Research: Litware bought first (though listed second) and holds the record, not yet on', () => {
        expect(firstPurchaser(customer(6))).toBe('1002');
        expect(overageRecordOf(customer(6), 'PhoneServices')).toEqual({ type: 'PhoneServices', partnerId: '1002', azureEntitlementId: null, overageEnabled: false, fromFirstPurchase: true });
    });

    test('Lucerne Publishing: the partner assigned holds it against an earlier purchase', () => {
        expect(firstPurchaser(customer(7))).toBe('1002');
        expect(holderOf(overageRecordOf(customer(7), 'PhoneServices'))).toBe('1001');
    });

    test('Coho Winery bought nothing that allows overage: no record at all', () => {
        expect(overageRecordOf(customer(5), 'PhoneServices')).toBeUndefined();
    });

    test('set to None, the record is nobody\'s: the next partner with an overage SKU of its own may assign', () => {
        const released = { ...customer(7), overage: [{ type: 'PhoneServices' as const, partnerId: '1001', azureEntitlementId: null, overageEnabled: false }] };
        expect(holderOf(overageRecordOf(released, 'PhoneServices'))).toBeUndefined();
        expect(codeOf(decideOverageUpdate(demo, admin('1002'), released, enable(entitlement(8))))).toBe('ok');
        expect(codeOf(decideOverageUpdate(demo, admin('1001'), released, enable(entitlement(7))))).toBe('ok');
        const noSku = { ...released, subscriptions: released.subscriptions.filter((s) => s.partnerId !== '1002') };
        expect(decideOverageUpdate(demo, admin('1002'), noSku, enable(entitlement(8)))).toMatchObject({ code: 'not-eligible' });
    });
});

describe('each demo customer, as Partner Center answers an overage update', () => {
    test.each([
        ['Fabrikam, existing subscription', 'ok', 1, '1001', enable(entitlement(2))],
        ['Fabrikam, a subscription that is not its', 'entitlement-not-found', 1, '1001', enable(entitlement(5))],
        ['Woodgrove Bank, no Azure yet', 'entitlement-not-found', 2, '1001', enable(entitlement(1))],
        ['Alpine Ski House, legacy offer', 'legacy-entitlement', 3, '1001', enable(entitlement(3))],
        ['Coho Winery, no overage SKU', 'not-eligible', 5, '1001', enable(entitlement(5))],
        ['Trey Research, the later buyer', 'owned-by-another-partner', 6, '1001', enable(entitlement(6))],
        ['Trey Research, the first buyer', 'ok', 6, '1002', enable(entitlement(6))],
        ['Lucerne Publishing, the holder reassigns', 'ok', 7, '1001', enable(entitlement(8))],
        ['Lucerne Publishing, the holder disables', 'ok', 7, '1001', disable],
        ['Lucerne Publishing, the earlier buyer', 'owned-by-another-partner', 7, '1002', enable(entitlement(8))],
        ['Wide World Importers, the provider for its reseller', 'ok', 8, '2001', enable(entitlement(9), '3001')],
        ['Wide World Importers, the provider for itself', 'owned-by-another-partner', 8, '2001', enable(entitlement(9))],
        ['Proseware, no GDAP access to Azure', 'gdap-missing', 9, '1001', enable(entitlement(10))],
        ["Margie's Travel, token protection", 'conditional-access-blocked', 10, '1001', enable(entitlement(11))],
        ['Humongous Insurance, allowed locations', 'location-policy-blocked', 11, '1001', enable(entitlement(12))],
        ['Tailwind Traders, sandbox partner', 'sandbox-no-azure-plan', 12, '9001', enable(entitlement(13))],
        ['Graphic Design Institute, the holder', 'ok', 13, '1001', enable(entitlement(14))],
        ['Blue Yonder Airlines, PAYG plan', 'ok', 15, '1001', enable(entitlement(16))],
        ['Relecloud, audio conferencing', 'ok', 16, '1001', enable(entitlement(17))],
        ['VanArsdel, toll-free numbers', 'ok', 17, '1001', enable(entitlement(18))],
    ] as const)('%s: %s', (_name, code, nn, partnerId, update) => {
        expect(isCustomerOf(demo, partner(partnerId), customer(nn))).toBe(true);
        expect(codeOf(decideOverageUpdate(demo, admin(partnerId), customer(nn), update))).toBe(code);
    });

    test('disabling needs no Azure checks: the holder of a blocked customer may still set None', () => {
        expect(codeOf(decideOverageUpdate(demo, admin('1001'), customer(9), disable))).toBe('ok');
    });
});

describe('Azure: plans, the legacy offer, the MCA', () => {
    test.each([[3, undefined], [4, 'mca-not-accepted'], [2, 'no-legacy-offer'], [1, undefined]] as const)('moving customer %d to an Azure plan: %s', (nn, code) => {
        expect(refuseTransition(customer(nn))?.code).toBe(code);
    });

    test('a new subscription: refused on the legacy offer, for a sandbox without plan access, or without the MCA; fine under a plan', () => {
        expect(refuseNewSubscription(demo, partner('1001'), customer(3), undefined)?.status).toBe(409);
        expect(refuseNewSubscription(demo, partner('1001'), customer(2), undefined)).toBeUndefined();
        expect(refuseNewSubscription(demo, partner('1001'), customer(1), undefined)).toBeUndefined();
        const noMca = { ...customer(2), azure: { ...customer(2).azure, mcaAccepted: false } };
        expect(refuseNewSubscription(demo, partner('1001'), noMca, undefined)?.code).toBe('CustomerAgreementNotAccepted');
        const noAzure = { ...customer(12), azure: { kind: 'none' as const, mcaAccepted: true, entitlements: [] } };
        expect(refuseNewSubscription(demo, partner('9001'), noAzure, undefined)?.code).toBe('SandboxAzurePlanNotAllowed');
        expect(refuseNewSubscription(demo, partner('2001'), customer(8), '3001')).toBeUndefined();
        expect(refuseNewSubscription(demo, partner('2001'), customer(8), '1002')?.code).toBe('InvalidResellerId');
    });

    test('readiness: any allowed-locations restriction blocks the M365 resource group, whichever regions it lists', () => {
        const withLocations = (allowedLocations: string[]) => ({ ...customer(1), policies: { ...customer(1).policies, allowedLocations } });
        expect(refuseNotReady(partner('1001'), withLocations(['northeurope', 'global']))?.code).toBe('location-policy-blocked');
        expect(refuseNotReady(partner('1001'), customer(1))).toBeUndefined();
    });
});
