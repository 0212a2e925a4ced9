// Pools from the tenant (DOMAIN.md "Accrual, precisely" rule 6): the SKU
// table, and how the tenant's licences meet the countries Partner Center's
// catalog shows the served partners. Expected figures are worked out by hand
// in the comments.
import { catalogPools, SKU_POOLS, tenantPools, type CatalogPlan, type TenantSku } from '../../shared/core/rating/tenantPools';

const sku = (skuPartNumber: string, licences: number, servicePlans: string[] = []): TenantSku => ({ skuPartNumber, licences, servicePlans });
const seen = (plan: CatalogPlan['plan'], country: string, minutesPerLicence: number, licences: number): CatalogPlan => ({ plan, country, minutesPerLicence, licences });
/** The pools as `"<CC>/<plan>" → minutes`, as the month shows them. */
const minutes = (p: ReturnType<typeof tenantPools>) => Object.fromEntries(p.pools.map((x) => [`${x.country}/${x.plan}`, x.minutes]));

describe('the SKU table', () => {
    test('each calling SKU: its plan, and a licence\'s minutes by the licence\'s country', () => {
        // one licence of each, no Partner Center view: the customer's country decides
        const inUs = minutes(tenantPools(Object.keys(SKU_POOLS).map((s) => sku(s, 1)), [], 'US'));
        // MCOPSTN1 3000 + MCOPSTN5 120 + MCOPSTN6 240 = 3360 domestic; MCOPSTN2 3000; PAYG none; Audio Conferencing 60
        expect(inUs).toEqual({ 'US/domestic': 3360, 'US/domesticInternational': 3000, 'US/payg': 0, 'US/audioConferencing': 60 });
        for (const country of ['PR', 'CA']) expect(minutes(tenantPools([sku('MCOPSTN1', 1), sku('MCOPSTN2', 1)], [], country))).toEqual({ [`${country}/domestic`]: 3000, [`${country}/domesticInternational`]: 3000 });
        for (const country of ['DE', 'GB', 'MX']) expect(minutes(tenantPools([sku('MCOPSTN1', 1), sku('MCOPSTN2', 1)], [], country))).toEqual({ [`${country}/domestic`]: 1200, [`${country}/domesticInternational`]: 1200 });
        expect(minutes(tenantPools([sku('MCOPSTN5', 2), sku('MCOPSTN6', 2)], [], 'DE'))).toEqual({ 'DE/domestic': 720 }); // 2×120 + 2×240
    });

    test('Audio Conferencing by Graph\'s name (MCOMEETADV) or the usage report\'s (MCOMEETADD), counted once', () => {
        expect(minutes(tenantPools([sku('MCOMEETADV', 3, ['MCOMEETADV']), sku('BUNDLE', 2, ['MCOMEETADD', 'MCOMEETADV'])], [], 'GB'))).toEqual({ 'GB/audioConferencing': 300 });
    });

    test('SKUs without calling minutes, unknown ones and SKUs without enabled licences add nothing', () => {
        const p = tenantPools([sku('ENTERPRISEPACK', 50), sku('MCOEV', 50), sku('MCOPSTN1', 0), sku('MCOPSTN9', 3)], [], 'DE');
        expect(p).toEqual({ pools: [], licences: [] });
    });

    test('a bundle counts for each calling plan among its service plans, once; a SKU named after its own plan counts once', () => {
        // E5 (its Audio Conferencing): 10 × 60; MCOPSTN1 listing itself as a service plan: 4 × 1200, not twice
        const p = tenantPools([sku('SPE_E5', 10, ['TEAMS1', 'MCOMEETADV', 'MCOEV']), sku('MCOPSTN1', 4, ['MCOPSTN1'])], [], 'DE');
        expect(minutes(p)).toEqual({ 'DE/audioConferencing': 600, 'DE/domestic': 4800 });
        expect(p.licences).toEqual([
            { sku: 'SPE_E5', capability: 'MCOMEETADD', plan: 'audioConferencing', country: 'DE', licences: 10, minutesPerLicence: 60, countryFrom: 'customer' },
            { sku: 'MCOPSTN1', capability: 'MCOPSTN1', plan: 'domestic', country: 'DE', licences: 4, minutesPerLicence: 1200, countryFrom: 'customer' },
        ]);
    });
});

describe('whose licences count: the tenant\'s, whoever sold them', () => {
    test('licences no served partner sees (another seller, or bought directly) count whole, in the country Partner Center shows', () => {
        // the served partner sees 10 of BE's 30 MCOPSTN1 licences; the tenant holds 30: 30 × 1200 = 36000 in BE
        const p = tenantPools([sku('MCOPSTN1', 30)], [seen('domestic', 'BE', 1200, 10)], 'DE');
        expect(minutes(p)).toEqual({ 'BE/domestic': 36000 });
        expect(p.licences).toEqual([{ sku: 'MCOPSTN1', capability: 'MCOPSTN1', plan: 'domestic', country: 'BE', licences: 30, minutesPerLicence: 1200, countryFrom: 'partnerCenter' }]);
    });

    test('where the users holding a SKU are comes first: their usage locations, the unassigned licences where most of them are', () => {
        // 20 held: 12 users in AT, 5 in DE, 3 licences unassigned → AT 15, DE 5, whatever Partner Center shows
        const held = { ...sku('MCOPSTN1', 20), assigned: [{ country: 'AT', licences: 12 }, { country: 'DE', licences: 5 }] };
        const p = tenantPools([held], [seen('domestic', 'DE', 1200, 20)], 'FR');
        expect(minutes(p)).toEqual({ 'AT/domestic': 18000, 'DE/domestic': 6000 });
        expect(p.licences.map((l) => [l.country, l.licences, l.countryFrom])).toEqual([['AT', 15, 'usageLocation'], ['DE', 5, 'usageLocation']]);
        // no user holds one (or the users could not be read): Partner Center's countries, as before
        expect(tenantPools([{ ...held, assigned: [] }], [seen('domestic', 'DE', 1200, 20)], 'FR').licences.map((l) => [l.country, l.countryFrom])).toEqual([['DE', 'partnerCenter']]);
    });

    test('no served partner sees the plan: the customer\'s own country', () => {
        expect(tenantPools([sku('MCOPSTN2', 3)], [seen('domestic', 'BE', 1200, 3)], 'US').licences)
            .toEqual([{ sku: 'MCOPSTN2', capability: 'MCOPSTN2', plan: 'domesticInternational', country: 'US', licences: 3, minutesPerLicence: 3000, countryFrom: 'customer' }]);
    });

    test('several countries: split as Partner Center counts them; the licences it does not see go to the country with the most', () => {
        const catalog = [seen('domestic', 'AT', 1200, 5), seen('domestic', 'DE', 1200, 4), seen('domestic', 'DE', 1200, 6)];
        // DE 10, AT 5 seen; 20 held: DE 10 + the 5 unseen = 15 (18000 min), AT 5 (6000 min)
        expect(minutes(tenantPools([sku('MCOPSTN1', 20)], catalog, 'FR'))).toEqual({ 'AT/domestic': 6000, 'DE/domestic': 18000 });
        // fewer held than seen (licences given up since): the largest first, DE 10, AT the 2 left
        expect(minutes(tenantPools([sku('MCOPSTN1', 12)], catalog, 'FR'))).toEqual({ 'AT/domestic': 2400, 'DE/domestic': 12000 });
        // a tie goes to the first country by code
        expect(minutes(tenantPools([sku('MCOPSTN1', 3)], [seen('domestic', 'NL', 1200, 1), seen('domestic', 'BE', 1200, 1)], 'FR'))).toEqual({ 'BE/domestic': 2400, 'NL/domestic': 1200 });
    });

    test('of two plans of one kind, a SKU takes its country from the one with its own minutes', () => {
        // DE shows a 120-minute domestic plan, AT a 1200-minute one: MCOPSTN1 is AT's, MCOPSTN5 DE's
        const catalog = [seen('domestic', 'DE', 120, 5), seen('domestic', 'AT', 1200, 3)];
        expect(minutes(tenantPools([sku('MCOPSTN1', 4), sku('MCOPSTN5', 5)], catalog, 'FR'))).toEqual({ 'AT/domestic': 4800, 'DE/domestic': 600 });
        // only other minutes of the kind: its country still comes from there, its minutes from the table
        expect(minutes(tenantPools([sku('MCOPSTN1', 30)], [seen('domestic', 'BE', 120, 30)], 'FR'))).toEqual({ 'BE/domestic': 36000 });
    });
});

test('Partner Center\'s view (the fallback): its subscriptions summed per country and plan, as today', () => {
    const p = catalogPools([
        { offer: 'Teams Phone with Calling Plan', ...seen('domestic', 'BE', 120, 10) },
        { offer: 'Teams Phone with Calling Plan', ...seen('domestic', 'BE', 120, 20) },
        { offer: 'Calling Plan pay-as-you-go', ...seen('payg', 'BE', 0, 4) },
    ]);
    expect(minutes(p)).toEqual({ 'BE/domestic': 3600, 'BE/payg': 0 });
    expect(p.licences).toEqual([
        { sku: 'Teams Phone with Calling Plan', capability: null, plan: 'domestic', country: 'BE', licences: 30, minutesPerLicence: 120, countryFrom: 'partnerCenter' },
        { sku: 'Calling Plan pay-as-you-go', capability: null, plan: 'payg', country: 'BE', licences: 4, minutesPerLicence: 0, countryFrom: 'partnerCenter' },
    ]);
});
