// The current month so far and its forecast (issue 22): the month's stored
// calls up to `at` rated as the monthly accrual rates them (ratingInput +
// the rating core, day by day), with the previous three rated months for the
// forecast's level. Reads only: nothing is written to the month's accrual,
// and the reconciliation file stays the month-end one.
import type { Dependencies } from '../../adapters/dependencies';
import { rateByDay } from '../../core/forecast/dailyRating';
import type { MonthToDate } from '../../core/forecast/monthToDate';
import { monthToDateOf } from '../../core/forecast/monthToDateOf';
import type { PastMonth } from '../../core/forecast/runRate';
import { monthBounds, monthOf } from '../../core/rating/month';
import { DAY_MS } from '../../core/rating/rateIndex';
import type { UsageCall } from '../../core/rating/ratingModel';
import { readAccrual } from '../accrual/accrualStore';
import { readRateCards } from '../accrual/rateCards';
import { ratingInput } from '../accrual/ratingInput';
import { readMonthCalls } from '../usage/usageStore';
import { readPullState } from '../usage/pull/pullState';

export type MonthToDateDependencies = Pick<Dependencies, 'stateStore' | 'microsoft' | 'env'>;

/**
 * The month `at` falls in (UTC), rated up to `at`. `partnerId`: the overage
 * shown is that partner's lines' (as GET .../accruals/{month} shows it);
 * without it, the customer's whole overage.
 */
export async function monthToDate(deps: MonthToDateDependencies, customerTenantId: string, at: number, partnerId?: string): Promise<MonthToDate> {
    const store = deps.stateStore;
    const month = monthOf(at);
    const { input } = await ratingInput(deps, customerTenantId, month, await readRateCards(store));
    const rated = await rateByDay(input, callsUpTo(readMonthCalls(store, customerTenantId, month), at));
    const { start } = monthBounds(month);
    const today = Math.floor((at - start) / DAY_MS) + 1;
    const answer = monthToDateOf(input, rated, {
        throughDay: await observedThrough(deps, customerTenantId, start, today, rated.days.length),
        partnerId,
        history: await pastMonths(deps, customerTenantId, month),
    });
    return { ...answer, days: padTo(answer.days, month, today) };
}

/** Calls that started at or before `at`: the month to date, not what an upload already holds of later days. */
async function* callsUpTo(calls: AsyncIterable<UsageCall>, at: number): AsyncIterable<UsageCall> {
    for await (const call of calls) {
        if (call.start > at) return;
        yield call;
    }
}

/**
 * The days the month is known for: to the day of its last call, or further
 * when the daily pull's cursor says later days are in (quiet days are days
 * too), never past today. The forecast projects the days after.
 */
async function observedThrough(deps: MonthToDateDependencies, customerTenantId: string, monthStart: number, today: number, lastCallDay: number): Promise<number> {
    const cursor = (await readPullState(deps.stateStore, customerTenantId))?.cursor;
    const pulledDays = cursor ? Math.floor((Date.parse(cursor) - monthStart) / DAY_MS) : 0;
    return Math.min(today, Math.max(lastCallDay, pulledDays));
}

/** Up to three previous months as the accrual rated them: what their calls asked for in minutes. */
async function pastMonths(deps: MonthToDateDependencies, customerTenantId: string, month: string): Promise<PastMonth[]> {
    const { start } = monthBounds(month);
    const months = [3, 2, 1].map((back) => monthOf(Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth() - back, 1)));
    const stored = await Promise.all(months.map((m) => readAccrual(deps.stateStore, customerTenantId, m)));
    return stored.flatMap((a) => a ? [{ month: a.month, minutes: Object.values(a.poolMinutes).reduce((n, p) => n + p.used, 0) + a.billableMinutes }] : []);
}

/** Every day from the 1st to today, 0 where nothing was rated. */
function padTo(days: MonthToDate['days'], month: string, today: number): MonthToDate['days'] {
    const out = days.slice(0, today);
    for (let day = out.length + 1; day <= today; day++) out.push({ date: `${month}-${String(day).padStart(2, '0')}`, poolMinutes: 0, billableMinutes: 0, creditsUsed: '0.0000', overageAmount: '0.0000' });
    return out;
}
