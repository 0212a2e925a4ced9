// The OpenAPI document's example of GET .../accruals/current: the worked
// example of docs/domain.md "Month to date and forecast" (a customer with a
// 3,600-minute pool, 10 November observed). It parses as MonthToDate (test/forecast).
import type { MonthToDate } from '../../core/forecast/monthToDate';

const day = (d: number, poolMinutes: number, billableMinutes = 0, overageAmount = '0.0000') =>
    ({ date: `2026-11-${String(d).padStart(2, '0')}`, poolMinutes, billableMinutes, creditsUsed: '0.0000', overageAmount });

export const MONTH_TO_DATE_EXAMPLE: MonthToDate = {
    month: '2026-11', customerTenantId: '10000000-0000-4000-8000-000000000007', currency: 'EUR', status: 'month-to-date',
    poolMinutes: { 'BE/domestic': { included: 3600, used: 1480 } }, poolSource: 'tenant',
    billableMinutes: 0, creditsOpening: '0.0000', creditsUsed: '0.0000', recharges: 0, creditsExhausted: false,
    overageAmount: '0.0000', refusedCalls: 0, refusedAmount: '0.0000', missingRates: [], warnings: [], partnerWarnings: {},
    asOf: '2026-11-10T16:42:00.000Z',
    days: [day(1, 40), day(2, 200), day(3, 200), day(4, 200), day(5, 200), day(6, 200), day(7, 40), day(8, 0), day(9, 200), day(10, 200)],
    forecast: {
        to: '2026-11-30',
        billableMinutes: { expected: 840, low: 0, high: 1751 },
        overageAmount: { expected: '12.6000', low: '0.0000', high: '26.2642' },
        creditsUsed: { expected: '0.0000', low: '0.0000', high: '0.0000' },
        poolRunsOutOn: '2026-11-25', creditsRunOutOn: null,
        basis: { daysObserved: 10, monthsUsed: [], method: 'Each of the 20 days left is an average workday or weekend day of the 10 observed (…). Pools drain first, then credits pay, then overage. Low and high: that rate ±25%.' },
    },
};
