// The example answer of GET /api/customers/{id}/credits/advice in the OpenAPI
// document: a steady customer on credits. It is the rule's real answer for the
// steady months of test/forecast/creditsAdvice.test.ts, which checks it.
import type { CreditsAdviceAnswer } from './creditsAdvice';

export const CREDITS_ADVICE_EXAMPLE: CreditsAdviceAnswer = {
    customerTenantId: '10000000-0000-4000-8000-000000000014',
    asOf: '2026-11-05T09:00:00.000Z',
    recommendation: 'auto-recharge',
    summary: 'Set auto-recharge to buy 143.00 EUR when the balance falls below 61.00 EUR. Replayed over 2026-08, 2026-09, 2026-10, the balance would never have gone below 9.00 EUR, with 13 recharge(s). With the current settings it would have reached zero on 2026-08-05.',
    currency: 'EUR',
    current: { balance: '25.0000', autoRecharge: { enabled: true, threshold: '10.0000', amount: '50.0000' } },
    autoRecharge: { threshold: '61.0000', amount: '143.0000' },
    monthsUsed: [
        { month: '2026-08', spend: '556.0000', daysWithSpend: 31, largestDay: { date: '2026-08-04', amount: '30.0000' } },
        { month: '2026-09', spend: '567.0000', daysWithSpend: 30, largestDay: { date: '2026-09-08', amount: '29.0000' } },
        { month: '2026-10', spend: '601.9000', daysWithSpend: 31, largestDay: { date: '2026-10-06', amount: '29.4500' } },
    ],
    measures: {
        largestDay: { date: '2026-08-04', amount: '30.0000' },
        busiestWeek: { date: '2026-10-13', amount: '142.2500' },
        meanDayWithSpend: '18.7489',
        dailyVariation: 0.555,
        monthlyVariation: 0.034,
        limits: { dailyVariation: 1, monthlyVariation: 0.35 },
    },
    replay: { startBalance: '61.0000', lowestBalance: '9.0000', lowestOn: '2026-08-26', recharges: 13, reachedZeroOn: null },
    currentReplay: { startBalance: '10.0000', lowestBalance: '-38.0000', lowestOn: '2026-09-25', recharges: 35, reachedZeroOn: '2026-08-05' },
    assumptions: [
        'Spend is what the calls beyond the minute pools cost at the rate cards in force, before who pays: all of it would have come out of the credits.',
        'Usage counts as irregular when the coefficient of variation of the months\' spend is above 0.35, or that of the days with spend above 1.',
        'A recharge is taken to be bought when a day ends below the threshold and to land by the end of the next day, so the threshold has to carry 2 days of calls.',
        'The largest day in 2026-08, 2026-09, 2026-10 was 30.00 EUR (2026-08-04); a threshold of 2 such days, rounded up to the next whole EUR, is 61.00 EUR.',
        'The busiest 7 days in a row cost 142.25 EUR (from 2026-10-13); a recharge of 143.00 EUR pays for them and is never less than the threshold, so it is bought about once a week at most at that rate, and each one lifts the balance back above the threshold.',
    ],
    missing: null,
};
