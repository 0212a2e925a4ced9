// The month's overage forecast on the fleet rows: written after an import for
// every fleet holding the customer, each partner's own forecast; a partner
// without a row gets none; a forecast of another month is shown as none.
import { EmbeddedStateStore } from '../../shared/adapters/state/embeddedStateStore';
import { saveDoc } from '../../shared/features/readModel/readModel';
import { forecastOfMonth, showForecastOnFleets } from '../../shared/features/readiness/fleetForecast';
import { readReadiness, saveReadiness } from '../../shared/features/readiness/readinessStore';
import { readinessDoc } from '../helpers/jobWorld';
import { monthToDate } from '../alerts/monthToDateFixture';

const CUSTOMER = '10000000-0000-4000-8000-000000000007';
const AT = Date.parse('2031-03-14T18:00:00Z');

describe('the forecast on the fleet rows', () => {
    let store: EmbeddedStateStore;
    beforeEach(async () => {
        store = new EmbeddedStateStore(undefined);
        await saveDoc(store, {
            id: 'PhoneServices', customerTenantId: CUSTOMER, service: 'PhoneServices', name: 'Lucerne', overage: null, credits: null,
            payerNow: 'overage', postpaidActive: true, viewers: ['1001', '1002', '1003'], asOf: '2031-03-14T00:00:00.000Z', source: 'sync',
        });
        // 1003 may see the customer but its fleet holds no row for it yet
        for (const p of ['1001', '1002']) await saveReadiness(store, readinessDoc(p, { tenantId: CUSTOMER, name: 'Lucerne', kind: 'enabled' }));
    });
    afterEach(async () => { await store.close(); });

    test('each fleet holding the customer gets its own partner\'s forecast; a fleet without the row gets nothing', async () => {
        const asked: string[] = [];
        const written = await showForecastOnFleets({
            stateStore: store,
            monthToDate: async (_customer, at, partnerId) => {
                asked.push(`${partnerId}@${new Date(at).toISOString()}`);
                return monthToDate({ expectedOverage: partnerId === '1001' ? '412.5000' : '0.0000' });
            },
        }, CUSTOMER, AT);
        expect(written).toBe(2);
        expect(asked.sort()).toEqual(['1001@2031-03-14T18:00:00.000Z', '1002@2031-03-14T18:00:00.000Z']);
        const contoso = await readReadiness(store, '1001', CUSTOMER, 'PhoneServices');
        expect(contoso?.forecast).toEqual({
            month: '2031-03', currency: 'EUR', overageAmount: { expected: '412.5000', low: '412.5000', high: '412.5000' }, asOf: '2031-03-14T17:00:00.000Z', at: '2031-03-14T18:00:00.000Z',
        });
        expect((await readReadiness(store, '1002', CUSTOMER, 'PhoneServices'))?.forecast?.overageAmount.expected).toBe('0.0000');
        expect(await readReadiness(store, '1003', CUSTOMER, 'PhoneServices')).toBeUndefined();
        // the rest of the row is as it was
        expect(contoso).toMatchObject({ state: 'ready', name: 'Lucerne', partnerId: '1001' });
    });

    test('a row\'s forecast counts for its own month only', async () => {
        await showForecastOnFleets({ stateStore: store, monthToDate: async () => monthToDate({ expectedOverage: '9' }) }, CUSTOMER, AT);
        const row = (await readReadiness(store, '1001', CUSTOMER, 'PhoneServices'))!;
        expect(forecastOfMonth(row, '2031-03')?.overageAmount.expected).toBe('9');
        expect(forecastOfMonth(row, '2031-04')).toBeNull();
        expect(forecastOfMonth({ ...row, forecast: undefined }, '2031-03')).toBeNull();
    });
});
