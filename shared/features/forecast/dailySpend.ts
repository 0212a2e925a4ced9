// A rated month's spend per UTC day, for the credits advice: the month's
// stored calls rated again with the accrual's own core (MonthRating), with the
// pools the month was rated with (kept in its accrual) and the rate cards in
// force on each day. What a call costs beyond its pool, before who pays, is
// what Communications Credits would have paid for it.
import type { StateStore } from '../../adapters/state/stateStore';
import type { StoredAccrual } from '../accrual/accrualStore';
import { readMonthCalls } from '../usage/usageStore';
import type { SpendMonth } from '../../core/forecast/creditsAdvice';
import { CALL_NOT_PRICED, MonthRating } from '../../core/rating/rateMonth';
import { PlanKind, type RatingInput } from '../../core/rating/ratingModel';
import { DAY_MS } from '../../core/rating/rateIndex';
import { monthBounds } from '../../core/rating/month';

export interface MonthSpend {
    spend: SpendMonth;
    /** Calls that cost something in another currency than the credits' (credits do not pay them). */
    otherCurrencyCalls: number;
    /** Billable calls without a rate (the month's accrual lists them too). */
    unpricedCalls: number;
}

/** What every month's rating shares: the cards, the tables, who held overage when. */
export type SpendRating = Pick<RatingInput, 'rateCards' | 'rules' | 'settings'>;

export async function dailySpend(store: StateStore, accrual: StoredAccrual, currency: string, shared: SpendRating): Promise<MonthSpend> {
    const { start, end } = monthBounds(accrual.month);
    const days = new Array<number>(Math.round((end - start) / DAY_MS)).fill(0);
    // credits null: every cost comes back whoever would pay it; the credits' own draw is what the advice models
    const rating = new MonthRating({ ...shared, customerTenantId: accrual.customerTenantId, customerName: '', month: accrual.month, pools: poolsOf(accrual), credits: null, warnings: [] });
    let otherCurrencyCalls = 0;
    let unpricedCalls = 0;
    for await (const call of readMonthCalls(store, accrual.customerTenantId, accrual.month)) {
        const cost = rating.add(call);
        if (cost === CALL_NOT_PRICED) unpricedCalls++;
        if (cost <= 0) continue;
        if (call.currency !== currency) otherCurrencyCalls++;
        else days[Math.floor((call.start - start) / DAY_MS)] += cost;
    }
    return { spend: { month: accrual.month, daySpendMicro: days }, otherCurrencyCalls, unpricedCalls };
}

/** The pools the month was rated with, from its accrual (`"<CC>/<plan>"` → included minutes). */
function poolsOf(accrual: StoredAccrual): RatingInput['pools'] {
    return Object.entries(accrual.poolMinutes).flatMap(([key, { included }]) => {
        const [country, plan] = key.split('/');
        const kind = PlanKind.safeParse(plan);
        return kind.success ? [{ country, plan: kind.data, minutes: included }] : [];
    });
}
