// The alert rule on hand-made months: each threshold crosses only above its
// limit (at the limit is not above), a threshold not set never fires, and the
// figures say what crossed.
import { AlertThresholds } from '../../shared/core/alerts/alertThresholds';
import { crossedThresholds, poolShare } from '../../shared/core/alerts/crossedThresholds';
import { monthToDate } from './monthToDateFixture';

const only = (t: Partial<AlertThresholds>): AlertThresholds => ({ mailCustomerAdmin: false, ...t });
const kinds = (t: Partial<AlertThresholds>, m = monthToDate()) => crossedThresholds(only(t), m).map((c) => c.threshold);

test('forecast overage: above the amount fires with the forecast\'s range; at the amount does not', () => {
    expect(kinds({ forecastOverageAbove: '400' }, monthToDate({ expectedOverage: '400.0000' }))).toEqual([]);
    const [c] = crossedThresholds(only({ forecastOverageAbove: '400' }), monthToDate({ expectedOverage: '400.0001' }));
    expect(c).toEqual({
        threshold: 'forecast-overage',
        figures: { value: '400.0001', limit: '400', currency: 'EUR', day: null, forecastOverage: { expected: '400.0001', low: '400.0001', high: '400.0001' }, asOf: '2031-03-14T17:00:00.000Z' },
    });
});

test('pool used: every pool together, above the percentage; no pool at all never fires', () => {
    const pools = { 'CH/domestic': { included: 1000, used: 700 }, 'CH/audioConferencing': { included: 1000, used: 901 } };
    expect(crossedThresholds(only({ poolUsedAbovePercent: 80 }), monthToDate({ pools })).map((c) => c.figures.value)).toEqual(['80.0']);
    expect(kinds({ poolUsedAbovePercent: 80.1 }, monthToDate({ pools }))).toEqual([]);
    expect(kinds({ poolUsedAbovePercent: 1 }, monthToDate({ pools: {} }))).toEqual([]);
    expect(poolShare({ a: { included: 3, used: 2 } })).toEqual({ percent: 200 / 3, text: '66.6' });
});

test('credits: fires when the forecast has them run out on a day before the month\'s last; not when they last', () => {
    const [c] = crossedThresholds(only({ creditsRunOutBeforeMonthEnd: true }), monthToDate({ creditsRunOutOn: '2031-03-22' }));
    expect([c.threshold, c.figures.value, c.figures.day]).toEqual(['credits-run-out', '2031-03-22', '2031-03-22']);
    expect(kinds({ creditsRunOutBeforeMonthEnd: true }, monthToDate({ creditsRunOutOn: null }))).toEqual([]);
    expect(kinds({ creditsRunOutBeforeMonthEnd: false }, monthToDate({ creditsRunOutOn: '2031-03-22' }))).toEqual([]);
});

test('a single day: the day with the most overage above the amount, named', () => {
    const days = [{ date: '2031-03-02', overageAmount: '12.5' }, { date: '2031-03-03', overageAmount: '61.2' }, { date: '2031-03-04', overageAmount: '61.2' }];
    const [c] = crossedThresholds(only({ dayOverageAbove: '50' }), monthToDate({ days }));
    expect([c.threshold, c.figures.value, c.figures.day, c.figures.limit]).toEqual(['day-overage', '61.2', '2031-03-03', '50']);
    expect(kinds({ dayOverageAbove: '61.2' }, monthToDate({ days }))).toEqual([]);
    expect(kinds({ dayOverageAbove: '0' }, monthToDate({ days: [] }))).toEqual([]);
});

test('no threshold set: nothing fires however high the figures; all set and crossed: all four, in a fixed order', () => {
    const high = monthToDate({ expectedOverage: '9999', pools: { x: { included: 10, used: 10 } }, creditsRunOutOn: '2031-03-15', days: [{ date: '2031-03-10', overageAmount: '500' }] });
    expect(kinds({}, high)).toEqual([]);
    expect(kinds({ forecastOverageAbove: '1', poolUsedAbovePercent: 50, creditsRunOutBeforeMonthEnd: true, dayOverageAbove: '1' }, high)).toEqual(['forecast-overage', 'pool-used', 'credits-run-out', 'day-overage']);
});

test('the body schema refuses what is not a threshold', () => {
    const bad = (b: unknown) => AlertThresholds.safeParse(b).error?.issues.map((i) => i.path.join('.'));
    expect(bad({ forecastOverageAbove: 400, mailCustomerAdmin: false })).toEqual(['forecastOverageAbove']);
    expect(bad({ poolUsedAbovePercent: 120, mailCustomerAdmin: false })).toEqual(['poolUsedAbovePercent']);
    expect(bad({ poolUsedAbovePercent: 0, mailCustomerAdmin: false })).toEqual(['poolUsedAbovePercent']);
    expect(bad({ dayOverageAbove: '-5', mailCustomerAdmin: false })).toEqual(['dayOverageAbove']);
    expect(bad({ forecastOverageAbove: '400' })).toEqual(['mailCustomerAdmin']);
    expect(bad({ mailCustomerAdmin: true, overageAbove: '1' })).toEqual(['']);
    expect(bad({ mailCustomerAdmin: true })).toBeUndefined();
});
