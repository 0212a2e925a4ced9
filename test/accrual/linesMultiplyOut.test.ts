// DOMAIN.md accrual rule 5, over generated months: every reconciliation line
// multiplies out (Quantity × UnitPrice, rounded half-up to 4 decimals, is its
// BillingPreTaxTotal), also where credits paid part of a fee or of a call's
// minutes, and the lines add up to the overage the month reports. The months
// mix rate cards (prices of up to 6 decimals, some of 100 or more), pools,
// credit balances (some running out mid-month, some recharging), calls of two
// currencies and settings of two partners; they go through the rating's own
// entry point. The arithmetic that checks them is this file's own (BigInt on
// the decimal strings), not the rating's.
import fc from 'fast-check';
import type { RatingInput, SettingInForce, UsageCall, UsageSource } from '../../shared/core/rating/ratingModel';
import { rateMonthSync } from '../../shared/core/rating/rateMonth';
import { ratingRules } from '../../shared/core/rating/ratingRules';

// ---- decimal strings, exactly -----------------------------------------------------------------------

const decimalsOf = (text: string) => (text.split('.')[1] ?? '').length;

/** `text` as an integer count of 10^-scale (scale ≥ its decimals). */
function units(text: string, scale: number): bigint {
    expect(text).toMatch(/^\d+(\.\d+)?$/);
    const [whole, frac = ''] = text.split('.');
    expect(frac.length).toBeLessThanOrEqual(scale);
    return BigInt(whole + frac.padEnd(scale, '0'));
}

/** quantity × price, rounded half-up to 4 decimals, in ten-thousandths. */
function product4(quantity: string, price: string): bigint {
    const scale = decimalsOf(quantity) + decimalsOf(price);
    const exact = units(quantity, decimalsOf(quantity)) * units(price, decimalsOf(price));
    if (scale <= 4) return exact * 10n ** BigInt(4 - scale);
    const unit = 10n ** BigInt(scale - 4);
    return (exact * 2n + unit) / (2n * unit);
}

/** Micro-units as a decimal string: 1_234_500 → "1.2345". */
const money = (micro: number) => `${Math.floor(micro / 1e6)}.${String(micro % 1e6).padStart(6, '0')}`.replace(/\.?0+$/, '');

// ---- generated months (March 2025, UTC) -----------------------------------------------------------------

const MONTH_START = Date.UTC(2025, 2, 1);
const DAY = 86_400_000;

/** Prices: mostly 4 decimals, some 6, a few of 100 or more (their quantities need more than 6 decimals). */
const price = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 3_000 }).map((x) => x * 100) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 400_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 100_000_000, max: 999_999_999 }) },
).map(money);
const fee = fc.oneof({ weight: 2, arbitrary: fc.constant('0') }, { weight: 3, arbitrary: price });

const METERS: Array<[string, string]> = [
    ['Teams Calling', 'US'], ['Teams Calling', 'GB'], ['Teams Calling', 'DE'], ['Teams Calling', 'IN'],
    ['Teams Audio Conferencing', 'US'], ['Teams Audio Conferencing', 'BR'],
    ['Teams Toll-Free', 'tollFree-US'], ['Teams Toll-Free', 'tollFree-DE'],
];

const card = (currency: string, effectiveFrom: string) => fc.array(fc.record({ present: fc.integer({ min: 0, max: 9 }), perMinute: price, connectionFee: fee }), { minLength: METERS.length, maxLength: METERS.length })
    .map((rates) => ({
        currency,
        effectiveFrom,
        // a few meters without a rate: such calls make the month incomplete and bill nothing
        rates: rates.flatMap((r, i) => (r.present > 0 ? [{
            meterId: `${currency}-${METERS[i][0].split(' ')[1]}-${METERS[i][1]}`, meterName: `${METERS[i][0]} ${METERS[i][1]}`,
            meterCategory: METERS[i][0], destination: METERS[i][1], perMinute: r.perMinute, connectionFee: r.connectionFee,
        }] : [])),
    }));

const rateCards = fc.tuple(card('EUR', '2024-01-01'), fc.option(card('EUR', '2025-03-16')), fc.option(card('USD', '2024-06-01')))
    .map(([first, later, usd]) => [first, ...(later ? [later] : []), ...(usd ? [usd] : [])]);

const pools = fc.array(fc.record({
    country: fc.constantFrom('US', 'GB', 'DE'),
    plan: fc.constantFrom('domestic' as const, 'domesticInternational' as const, 'audioConferencing' as const),
    minutes: fc.integer({ min: 0, max: 60 }),
}), { maxLength: 4 });

/** Credits: none, a balance (4 or 6 decimals) that may run out mid-month, or auto-recharge. */
const credits = fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: fc.record({
        opening: fc.oneof(fc.integer({ min: 0, max: 300 }).map((x) => x * 10_000), fc.integer({ min: 0, max: 3_000_000 })).map(money),
        currency: fc.constantFrom('EUR', 'EUR', 'EUR', 'USD'),
        autoRecharge: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant({ threshold: '0.5', amount: '2' }) }),
    }) },
);

const settings = fc.array(fc.record({
    at: fc.integer({ min: 0, max: 31 * DAY - 1 }),
    overageEnabled: fc.constantFrom(true, true, true, false),
    partnerId: fc.constantFrom('P1', 'P2'),
    resellerId: fc.constantFrom(undefined, 'R1'),
    azureEntitlementId: fc.constantFrom('SUB1', 'SUB1', 'SUB2', null),
}), { minLength: 1, maxLength: 3 }).map((list) => list
    .map(({ at, resellerId, ...s }, i): SettingInForce => ({ ...s, ...(resellerId ? { resellerId } : {}), from: i === 0 ? -Infinity : MONTH_START + at }))
    .sort((a, b) => a.from - b.from));

const source: fc.Arbitrary<UsageSource | undefined> = fc.constantFrom(undefined, { kind: 'microsoft' } as const, { kind: 'partner', partnerId: 'P1' } as const, { kind: 'partner', partnerId: 'P2' } as const);

const call = fc.record({
    // a few calls fall just outside the month
    at: fc.integer({ min: -DAY, max: 32 * DAY }),
    callType: fc.constantFrom('user_out', 'user_out', 'ucap_out', 'conf_out', 'user_in'),
    tollFree: fc.boolean(),
    international: fc.constantFrom(null, true, false),
    destination: fc.constantFrom('US', 'GB', 'DE', 'IN', 'BR', 'ZZ', null),
    userLocation: fc.constantFrom('US', 'GB', 'DE', null),
    // short calls too: there the fee is a large part of the price, and credits run out inside it more often
    durationSeconds: fc.oneof(fc.integer({ min: 0, max: 1_800 }), fc.integer({ min: 0, max: 120 })),
    currency: fc.constantFrom('EUR', 'EUR', 'EUR', 'USD'),
    capability: fc.constantFrom('MCOPSTN1', 'MCOPSTN2', 'MCOPSTN5', 'MCOMEETADD', 'MCOPSTNPP'),
    source,
});

/** Calls in Start Time order; usageIds follow that order, so equal starts are in usageId order too. */
const calls = fc.array(call, { minLength: 1, maxLength: 40, size: 'max' }).map((list) => [...list].sort((a, b) => a.at - b.at).map(({ at, source: s, ...c }, i): UsageCall => ({
    ...c, usageId: `u${String(i).padStart(3, '0')}`, start: MONTH_START + at, ...(s ? { source: s } : {}),
})));

const month = fc.record({ rateCards, pools, credits, settings, calls }).map(({ calls: cs, ...rest }) => ({
    input: { customerTenantId: 'T1', customerName: 'Contoso', month: '2025-03', rules: ratingRules({}), warnings: [], ...rest } satisfies RatingInput,
    calls: cs,
}));

// ---- the properties -------------------------------------------------------------------------------------

test('every line multiplies out to 4 decimals, and the lines add up to the month\'s overage', () => {
    const seen = { lines: 0, fractionalMinutes: 0, fractionalFees: 0, beyondSixDecimals: 0 };
    fc.assert(fc.property(month, ({ input, calls: cs }) => {
        const r = rateMonthSync(input, cs);
        let billed = 0n;
        for (const l of r.lines) {
            expect(l.BillingPreTaxTotal).toMatch(/^\d+\.\d{4}$/);
            expect(l.EffectiveUnitPrice).toBe(l.UnitPrice);
            expect(units(l.Quantity, decimalsOf(l.Quantity))).toBeGreaterThan(0n);
            expect([l.Quantity, l.UnitPrice, product4(l.Quantity, l.UnitPrice)]).toEqual([l.Quantity, l.UnitPrice, units(l.BillingPreTaxTotal, 4)]);
            if (l.BillingCurrency === r.currency) billed += units(l.BillingPreTaxTotal, 4);
            seen.lines++;
            if (decimalsOf(l.Quantity) > 0) seen[l.Unit === 'Connection' ? 'fractionalFees' : 'fractionalMinutes']++;
            if (decimalsOf(l.Quantity) > 6) seen.beyondSixDecimals++;
        }
        expect(billed).toBe(units(r.overageAmount, 4));
        // fractions come from credits only: without them every line bills whole minutes or whole fees
        if (input.credits === null) expect(r.lines.filter((l) => decimalsOf(l.Quantity) > 0)).toEqual([]);
        // rated again: the same lines, ids included
        expect(rateMonthSync(input, cs)).toEqual(r);
    }), { numRuns: 400 });
    // not vacuous: the months billed lines, and credits left fractions on both kinds of line
    expect(seen.lines).toBeGreaterThan(500);
    expect(seen.fractionalMinutes).toBeGreaterThan(10);
    expect(seen.fractionalFees).toBeGreaterThan(3);
    expect(seen.beyondSixDecimals).toBeGreaterThan(0);
});
