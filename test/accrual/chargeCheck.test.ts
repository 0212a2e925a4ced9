// Microsoft's own charge as a check on the rating: what each call cost the
// app (before who pays) beside Microsoft's charge, sums per currency, the
// calls more than 0.0001 apart, the calls without a charge; and pools read
// from Partner Center instead of the tenant making the month incomplete.
// Expected figures are worked out by hand in the comments.
import { AccrualResult, type RatingInput, type SettingInForce, type UsageCall } from '../../shared/core/rating/ratingModel';
import { IsoInstants } from '../../shared/core/rating/chargeCheck';
import { CALL_NOT_COUNTED, CALL_NOT_PRICED, MonthRating, rateMonthSync } from '../../shared/core/rating/rateMonth';
import { ratingRules } from '../../shared/core/rating/ratingRules';

const CARD = {
    currency: 'EUR', effectiveFrom: '2024-01-01', rates: [
        { meterId: 'call-US', meterName: 'US', meterCategory: 'Teams Calling', destination: 'US', perMinute: 0.02, connectionFee: 0 },
        { meterId: 'call-IN', meterName: 'IN', meterCategory: 'Teams Calling', destination: 'IN', perMinute: 0.1, connectionFee: 0.05 },
    ],
};
const on = (partnerId = 'P1', from = -Infinity): SettingInForce => ({ from, overageEnabled: true, partnerId, azureEntitlementId: `SUB-${partnerId}` });
const input = (over: Partial<RatingInput> = {}): RatingInput => ({
    customerTenantId: 'T1', customerName: 'Contoso', month: '2025-03', pools: [], rateCards: [CARD], credits: null,
    settings: [on()], rules: ratingRules({}), warnings: [], ...over,
});

let n = 0;
/** An outbound call to the US of `secs` seconds on 5 March at `hour`, with Microsoft's charge as it writes it (or none). */
const call = (hour: number, secs: number, charge?: string, o: Partial<UsageCall> = {}): UsageCall => ({
    usageId: `u${String(++n).padStart(4, '0')}`, start: Date.UTC(2025, 2, 5, hour), callType: 'user_out', tollFree: false, international: null,
    destination: 'US', userLocation: 'US', durationSeconds: secs, currency: 'EUR', capability: 'MCOPSTN1',
    charges: charge === undefined ? undefined : { charge, connectionCharge: null }, ...o,
});
beforeEach(() => { n = 0; });

test('each call: what it cost before who pays, beside Microsoft\'s charge; only more than 0.0001 apart is a difference', () => {
    const r = rateMonthSync(input({ credits: { opening: '0.03', currency: 'EUR', autoRecharge: null } }), [
        call(1, 120, '0.04'), //                        2 min × 0.02 = 0.04, credits pay 0.03 of it: still 0.04; Microsoft 0.04
        call(2, 60, '0.0201'), //                       0.02 against 0.0201: 0.0001 apart, no difference
        call(3, 60, '0.020101'), //                     0.02 against 0.020101: a difference
        call(4, 61, undefined, { destination: 'IN', charges: { charge: '0.2', connectionCharge: '0.05' } }), // 2 × 0.1 + 0.05 = 0.25; Microsoft's charge 0.2 (its fee 0.05 within it)
        call(5, 60), //                                 no charge of Microsoft's
    ]);
    expect(r.microsoftCharge).toEqual({
        compared: 4, withoutCharge: 1, notPriced: 0,
        // Microsoft 0.04 + 0.0201 + 0.020101 + 0.2 = 0.280201; the app 0.04 + 0.02 + 0.02 + 0.25 = 0.33
        totals: [{ currency: 'EUR', calls: 4, microsoft: '0.2802', app: '0.3300' }],
        differing: 2,
        differences: [
            { usageId: 'u0003', start: '2025-03-05T03:00:00.000Z', destination: 'US', currency: 'EUR', app: '0.02', microsoft: '0.020101' },
            { usageId: 'u0004', start: '2025-03-05T04:00:00.000Z', destination: 'IN', currency: 'EUR', app: '0.25', microsoft: '0.2' },
        ],
    });
    expect(r.warnings).toContain('2 call(s) were rated more than 0.0001 away from Microsoft\'s own charge (Microsoft 0.2802 EUR, the app 0.3300 EUR): the lines bill the app\'s rating; see microsoftCharge for the calls');
    // never a correction: the lines bill the app's own rating (0.04 − 0.03 credits + 0.02 + 0.02 + 0.25 + 0.02)
    expect(r.overageAmount).toBe('0.3200');
    expect(() => AccrualResult.parse(r)).not.toThrow();
});

test('a call its pool covers, or the rules take for free, cost the app nothing: Microsoft charging it is a difference', () => {
    const r = rateMonthSync(input({ pools: [{ country: 'US', plan: 'domestic', minutes: 10 }] }), [
        call(1, 600, '0'), //                               covered: 0 against 0
        call(2, 60, '0.02'), //                             the pool is used up: 0.02 against 0.02
        call(3, 600, '0.005', { callType: 'user_in' }), //  inbound: free, yet Microsoft charged 0.005
    ]);
    expect(r.microsoftCharge).toMatchObject({ compared: 3, differing: 1, differences: [{ usageId: 'u0003', app: '0', microsoft: '0.005' }] });
});

test('a call without a rate is not compared, but counted; a charge Microsoft left blank is no charge, whatever its fee; sums per currency', () => {
    const usd = { ...CARD, currency: 'USD' };
    const r = rateMonthSync(input({ rateCards: [CARD, usd] }), [
        call(1, 60, '0.03', { destination: 'JP' }), //                            no rate for JP: not priced
        call(2, 60, undefined, { charges: { charge: null, connectionCharge: null } }), // no charge
        call(3, 60, '0.02', { currency: 'USD' }), //                               0.02 USD against 0.02 USD
        call(4, 60, undefined, { charges: { charge: null, connectionCharge: '0.01' } }), // a fee but no charge: nothing to compare
        call(5, 60, '0.01', { charges: { charge: '0.01', connectionCharge: '0.01' } }), //  0.02 EUR against a charge of 0.01 (all of it fee)
    ]);
    expect(r.microsoftCharge).toMatchObject({
        compared: 2, notPriced: 1, withoutCharge: 2, differing: 1,
        totals: [{ currency: 'EUR', calls: 1, microsoft: '0.0100', app: '0.0200' }, { currency: 'USD', calls: 1, microsoft: '0.0200', app: '0.0200' }],
        differences: [{ usageId: 'u0005', currency: 'EUR', app: '0.02', microsoft: '0.01' }],
    });
    expect(r.status).toBe('incomplete');
});

test('every difference is counted, the first 100 kept in Start Time order', () => {
    const calls = Array.from({ length: 150 }, (_, i) => ({ ...call(0, 60, '0'), start: Date.UTC(2025, 2, 5) + i * 1000 }));
    const r = rateMonthSync(input(), calls);
    expect(r.microsoftCharge!.differing).toBe(150);
    expect(r.microsoftCharge!.differences.map((d) => d.usageId)).toEqual(calls.slice(0, 100).map((c) => c.usageId));
});

test('only the calls the month counts: not another month\'s, not a partner\'s left out, not a second copy; once in a month split between partners', () => {
    const handover = Date.UTC(2025, 2, 20);
    const p1 = { kind: 'partner' as const, partnerId: 'P1' };
    const r = rateMonthSync(input({ settings: [on('P1'), on('P2', handover)] }), [
        { ...call(0, 60, '0'), start: Date.UTC(2025, 1, 28) }, //                     February: not counted
        call(1, 60, '0.02', { source: { kind: 'microsoft' } }), //                     counted
        call(1, 60, '0', { usageId: 'u0002', source: p1 }), //                         P1's copy of u0002: counted once, Microsoft's
        { ...call(2, 60, '0.02', { source: p1 }), start: Date.UTC(2025, 2, 25) }, //   P1's row after the handover: left out
    ]);
    expect(r.microsoftCharge).toMatchObject({ compared: 1, withoutCharge: 0, differing: 0 });
});

test('MonthRating.add answers each call\'s cost, or why it has none', () => {
    const m = new MonthRating(input({ pools: [{ country: 'US', plan: 'domestic', minutes: 1 }] }));
    expect([
        m.add({ ...call(0, 60), start: Date.UTC(2025, 1, 1) }), // another month
        m.add(call(1, 120)), //                                    1 min from the pool, 1 × 0.02
        m.add(call(2, 60, undefined, { destination: 'JP' })), //   no rate
        m.add(call(3, 61, undefined, { destination: 'IN' })), //   2 × 0.1 + 0.05
    ]).toEqual([CALL_NOT_COUNTED, 20_000, CALL_NOT_PRICED, 250_000]);
});

describe('where the pools came from', () => {
    const licences = [{ sku: 'MCOPSTN1', capability: 'MCOPSTN1', plan: 'domestic' as const, country: 'US', licences: 1, minutesPerLicence: 3000, countryFrom: 'customer' as const }];

    test('from the tenant: said, with the licences behind them, and the month can be complete', () => {
        const r = rateMonthSync(input({ poolSource: 'tenant', poolLicences: licences, pools: [{ country: 'US', plan: 'domestic', minutes: 3000 }] }), [call(1, 60)]);
        expect(r).toMatchObject({ status: 'complete', poolSource: 'tenant', poolLicences: licences });
    });

    test('from Partner Center (the tenant could not be read): the month is incomplete until it is rated again', () => {
        const r = rateMonthSync(input({ poolSource: 'partnerCenter' }), [call(1, 60)]);
        expect(r).toMatchObject({ status: 'incomplete', poolSource: 'partnerCenter', missingRates: [] });
    });
});

test('a difference\'s start is written as toISOString writes it', () => {
    const iso = new IsoInstants();
    // one day after another, back again, the first and last millisecond of a day, leap days, before 1970
    const instants = [Date.UTC(2026, 10, 5, 9, 7, 3, 45), Date.UTC(2026, 10, 5, 23, 59, 59, 999), Date.UTC(2026, 10, 6), Date.UTC(2026, 10, 5, 0, 0, 0, 1),
        Date.UTC(2024, 1, 29, 12, 0, 0, 7), Date.UTC(1969, 11, 31, 23, 59, 59, 500), 0, Date.UTC(9999, 11, 31, 23, 59, 59, 999)];
    let seed = 7;
    for (let i = 0; i < 2000; i++) instants.push(Date.UTC(2026, 10, 1) + ((seed = (seed * 48271) % 2147483647) % (30 * 86_400_000)));
    expect(instants.map((ms) => iso.of(ms))).toEqual(instants.map((ms) => new Date(ms).toISOString()));
});
