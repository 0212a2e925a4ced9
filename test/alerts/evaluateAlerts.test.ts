// Evaluation against a store: each alert fires once per customer, month and
// threshold (a second evaluation, a re-pull, fires nothing); an evaluation
// run again after a crash gets back what it fired; each partner's thresholds
// fire for that partner only; nobody watching: the month is not even read.
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';
import { RegisteredContainers } from '../../shared/adapters/state/registeredContainers';
import type { MonthToDate } from '../../shared/core/forecast/monthToDate';
import { alertsOfMonth } from '../../shared/features/alerts/alertStore';
import { evaluateAlerts } from '../../shared/features/alerts/evaluateAlerts';
import { saveThresholds } from '../../shared/features/alerts/thresholdStore';
import { monthToDate } from './monthToDateFixture';

const CUSTOMER = '10000000-0000-4000-8000-000000000007';
const AT = Date.parse('2031-03-15T03:10:00.000Z');

function setup(month: () => MonthToDate) {
    const stateStore = new RegisteredContainers(new EmbeddedStateStore(undefined));
    const reads: Array<[number, string]> = [];
    const deps = { stateStore, clock: { now: () => AT }, monthToDate: async (_c: string, at: number, partnerId: string) => { reads.push([at, partnerId]); return month(); } };
    const watch = (partnerId: string, t: Record<string, unknown>) => saveThresholds(stateStore, { mailCustomerAdmin: false, ...t, partnerId, customerTenantId: CUSTOMER, updatedAt: '2031-03-01T00:00:00.000Z', updatedBy: `admin@${partnerId}` });
    return { deps, reads, watch, stateStore };
}

const ids = (fired: Map<string, Array<{ threshold: string }>>) => Object.fromEntries([...fired].map(([p, a]) => [p, a.map((x) => x.threshold)]));

test('fires once: the second evaluation of the month (a re-pull) fires nothing, and the record keeps the first time and figures', async () => {
    let expected = '450';
    const { deps, watch, stateStore } = setup(() => monthToDate({ expectedOverage: expected }));
    await watch('1001', { forecastOverageAbove: '400' });
    expect(ids(await evaluateAlerts(deps, CUSTOMER, 'eval-1'))).toEqual({ 1001: ['forecast-overage'] });
    expected = '520';
    expect(ids(await evaluateAlerts(deps, CUSTOMER, 'eval-2'))).toEqual({});
    const stored = await alertsOfMonth(stateStore, '1001', '2031-03');
    expect(stored.map((a) => [a.threshold, a.figures.value, a.firedAt, a.evaluationId])).toEqual([['forecast-overage', '450', '2031-03-15T03:10:00.000Z', 'eval-1']]);
});

test('the same evaluation run again (its step retried after a crash) gets back what it fired, so its deliveries still start', async () => {
    const { deps, watch } = setup(() => monthToDate({ expectedOverage: '450', days: [{ date: '2031-03-03', overageAmount: '80' }] }));
    await watch('1001', { forecastOverageAbove: '400', dayOverageAbove: '50' });
    const first = ids(await evaluateAlerts(deps, CUSTOMER, 'eval-1'));
    expect(ids(await evaluateAlerts(deps, CUSTOMER, 'eval-1'))).toEqual(first);
    expect(first).toEqual({ 1001: ['forecast-overage', 'day-overage'] });
});

test('a new month fires again; a threshold crossed later in the month fires then, once', async () => {
    let m = monthToDate({ expectedOverage: '450', month: '2031-03' });
    const { deps, watch } = setup(() => m);
    await watch('1001', { forecastOverageAbove: '400', poolUsedAbovePercent: 90 });
    expect(ids(await evaluateAlerts(deps, CUSTOMER, 'e1'))).toEqual({ 1001: ['forecast-overage'] });
    m = monthToDate({ expectedOverage: '450', month: '2031-03', pools: { x: { included: 100, used: 95 } } });
    expect(ids(await evaluateAlerts(deps, CUSTOMER, 'e2'))).toEqual({ 1001: ['pool-used'] });
    m = monthToDate({ expectedOverage: '450', month: '2031-04' });
    expect(ids(await evaluateAlerts(deps, CUSTOMER, 'e3'))).toEqual({ 1001: ['forecast-overage'] });
});

test('partners apart: each partner\'s thresholds fire for it alone, and each lists only its own', async () => {
    const { deps, watch, stateStore } = setup(() => monthToDate({ expectedOverage: '450' }));
    await watch('1001', { forecastOverageAbove: '400' });
    await watch('1002', { forecastOverageAbove: '500' });
    expect(ids(await evaluateAlerts(deps, CUSTOMER, 'e1'))).toEqual({ 1001: ['forecast-overage'] });
    expect(await alertsOfMonth(stateStore, '1002', '2031-03')).toEqual([]);
    expect((await alertsOfMonth(stateStore, '1001', '2031-03')).map((a) => a.partnerId)).toEqual(['1001']);
});

test('nobody watching the customer: the month to date is not even read', async () => {
    const { deps, reads } = setup(() => monthToDate({ expectedOverage: '450' }));
    expect(ids(await evaluateAlerts(deps, CUSTOMER, 'e1'))).toEqual({});
    expect(reads).toEqual([]);
});

test('the month to date is read at the app\'s clock, for each watching partner\'s own lines', async () => {
    const { deps, reads, watch } = setup(() => monthToDate());
    await watch('1001', { forecastOverageAbove: '400' });
    await watch('1002', { forecastOverageAbove: '400' });
    await evaluateAlerts(deps, CUSTOMER, 'e1');
    expect(reads.sort()).toEqual([[AT, '1001'], [AT, '1002']]);
});
