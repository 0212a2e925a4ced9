// Exact money of the rating (shared/core/rating/money.ts): decimals in, integer
// micro-units inside, decimal strings out.
import { ceilDiv, formatMicro4, formatMicroTrim, quantityFor, roundMicro4, toMicro } from '../../shared/core/rating/money';
import { rateMonthSync } from '../../shared/core/rating/rateMonth';
import { ratingRules } from '../../shared/core/rating/ratingRules';

test('decimals read as micro-units, from numbers through their shortest string', () => {
    expect(toMicro(0.0123, 'x')).toBe(12_300);
    expect(toMicro('0.0123', 'x')).toBe(12_300);
    expect(toMicro(0.01245, 'x')).toBe(12_450);
    expect(toMicro('12.5000000', 'x')).toBe(12_500_000); // trailing zeros are not decimals
    expect(toMicro(0, 'x')).toBe(0);
    expect(toMicro('1000', 'x')).toBe(1_000_000_000);
});

test('more than 6 decimals, binary noise, negatives and non-numbers are refused', () => {
    expect(() => toMicro('0.0000001', 'perMinute')).toThrow('perMinute: 0.0000001 has more than 6 decimals');
    expect(() => toMicro(1e-7, 'perMinute')).toThrow('has more than 6 decimals');
    expect(() => toMicro(0.1 + 0.2, 'perMinute')).toThrow('0.30000000000000004 has more than 6 decimals');
    expect(() => toMicro(-1, 'x')).toThrow('negative');
    expect(() => toMicro('1,5', 'x')).toThrow('not a decimal amount');
    expect(() => toMicro(NaN, 'x')).toThrow('not a finite amount');
    expect(() => toMicro('9999999999', 'x')).toThrow('too large');
});

test('totals round half-up at 4 decimals, with integer arithmetic only', () => {
    expect(formatMicro4(12_450)).toBe('0.0125');
    expect(formatMicro4(12_449)).toBe('0.0124');
    expect(formatMicro4(37_350)).toBe('0.0374');
    expect(formatMicro4(0)).toBe('0.0000');
    expect(formatMicro4(1_999_950)).toBe('2.0000');
    expect(formatMicro4(9_007_199_254_740_991)).toBe('9007199254.7410');
});

test('unit prices and quantities leave without trailing zeros', () => {
    expect(formatMicroTrim(20_000)).toBe('0.02');
    expect(formatMicroTrim(3_000_000)).toBe('3');
    expect(formatMicroTrim(1_666_667)).toBe('1.666667');
    expect(formatMicroTrim(12_450)).toBe('0.01245');
});

test('totals round half-up at 4 decimals and stay in micro-units', () => {
    expect(roundMicro4(12_450)).toBe(12_500);
    expect(roundMicro4(12_449)).toBe(12_400);
    expect(roundMicro4(-12_450)).toBe(-12_500);
    expect(roundMicro4(1_999_950)).toBe(2_000_000);
    expect(roundMicro4(0)).toBe(0);
});

test('a quantity from a total: half-up to 6 decimals, and it multiplies back to the total', () => {
    expect(quantityFor(50_000, 30_000)).toBe('1.666667'); // 0.05 ÷ 0.03; 1.666667 × 0.03 = 0.05000001 → 0.0500
    expect(quantityFor(10_000, 30_000)).toBe('0.333333'); // 0.01 ÷ 0.03; 0.333333 × 0.03 = 0.00999999 → 0.0100
    expect(quantityFor(20_000, 50_000)).toBe('0.4'); // 0.02 ÷ 0.05, exactly
    expect(quantityFor(37_400, 12_450)).toBe('3.004016'); // 0.0374 ÷ 0.01245 = 3.0040160…; × 0.01245 = 0.0373999992 → 0.0374
    expect(quantityFor(0, 30_000)).toBe('0');
});

test('a unit price of 100 or more gets as many decimals as it takes to multiply out', () => {
    // 0.01 ÷ 150: 0.000067 × 150 = 0.01005, which rounds half-up to 0.0101; 0.0000667 × 150 = 0.010005 → 0.0100
    expect(quantityFor(10_000, 150_000_000)).toBe('0.0000667');
    // 100 ÷ 300: 0.333333 × 300 = 99.9999; 0.3333333 × 300 = 99.99999 → 100.0000
    expect(quantityFor(100_000_000, 300_000_000)).toBe('0.3333333');
});

test('a quantity needs a price above zero and a total already rounded to 4 decimals', () => {
    expect(() => quantityFor(10_000, 0)).toThrow('a quantity needs a unit price above zero');
    expect(() => quantityFor(12_345, 30_000)).toThrow('is not a total rounded to 4 decimals');
});

test('ceilDiv is exact', () => {
    expect(ceilDiv(350_000, 200_000)).toBe(2);
    expect(ceilDiv(400_000, 200_000)).toBe(2);
    expect(ceilDiv(0, 7)).toBe(0);
});

test('a rate card with a price of more than 6 decimals stops the rating, naming the meter', () => {
    const input = {
        customerTenantId: 'T1', customerName: 'C', month: '2025-03', pools: [], credits: null, settings: [], rules: ratingRules({}), warnings: [],
        rateCards: [{ currency: 'EUR', effectiveFrom: '2025-01-01', rates: [{ meterId: 'm1', meterName: 'M', meterCategory: 'Teams Calling', destination: 'US', perMinute: '0.0123456', connectionFee: 0 }] }],
    };
    expect(() => rateMonthSync(input, [])).toThrow('rate card EUR 2025-01-01, meter m1 perMinute: 0.0123456 has more than 6 decimals');
});
