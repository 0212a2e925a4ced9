// A customer's month to date as the alerts read it, made by hand: the figures
// each threshold looks at, the rest neutral. Checked against the schema, so a
// change to MonthToDate that the alerts do not follow fails here first.
import { MonthToDate } from '../../shared/core/forecast/monthToDate';

export interface Shape {
    expectedOverage?: string;
    pools?: Record<string, { included: number; used: number }>;
    creditsRunOutOn?: string | null;
    days?: Array<{ date: string; overageAmount: string }>;
    month?: string;
}

export function monthToDate(s: Shape = {}): MonthToDate {
    const month = s.month ?? '2031-03';
    const expected = s.expectedOverage ?? '0';
    return MonthToDate.parse({
        month, customerTenantId: '10000000-0000-4000-8000-000000000007', currency: 'EUR', status: 'month-to-date',
        poolMinutes: s.pools ?? { 'CH/domestic': { included: 1200, used: 300 } }, billableMinutes: 0,
        creditsOpening: '0', creditsUsed: '0', recharges: 0, creditsExhausted: false, overageAmount: '0', refusedCalls: 0, refusedAmount: '0',
        missingRates: [], warnings: [], partnerWarnings: {},
        asOf: `${month}-14T17:00:00.000Z`,
        days: (s.days ?? []).map((d) => ({ ...d, poolMinutes: 0, billableMinutes: 10, creditsUsed: '0' })),
        forecast: {
            to: `${month}-31`, billableMinutes: { expected: 0, low: 0, high: 0 },
            overageAmount: { expected, low: expected, high: expected }, creditsUsed: { expected: '0', low: '0', high: '0' },
            poolRunsOutOn: null, creditsRunOutOn: s.creditsRunOutOn ?? null,
            basis: { daysObserved: 14, monthsUsed: [], method: 'by hand' },
        },
    });
}
