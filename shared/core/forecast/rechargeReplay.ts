// A replay of auto-recharge over rated months, day by day (credits advice):
// would a threshold and an amount have kept the balance above zero? The model
// of a recharge: Microsoft buys `amount` when the balance falls below
// `threshold`, charging the customer's card; we take it to be bought when a day
// ends below the threshold and to land by the end of the next day.
// Pure; money in integer micro-units.
import { z } from 'zod';
import { formatMicro4 } from '../rating/money';
import { dateOf, type SpendMonth } from './spendMeasures';

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Days a recharge may take to land, counting the day the balance fell below the threshold. */
export const RECHARGE_LEAD_DAYS = 2;

export const Replay = z.object({
    /** The balance the replay starts from: the threshold (no recharge pending). */
    startBalance: Decimal,
    lowestBalance: Decimal,
    lowestOn: Day,
    recharges: z.number().int(),
    /** The first day the balance would have reached zero; null: never. */
    reachedZeroOn: Day.nullable(),
});
export type Replay = z.infer<typeof Replay>;

/**
 * Each day: its calls are paid, a recharge ordered the day before lands, and a
 * balance ending the day below the threshold orders one. Starts at the
 * threshold with none pending (the lowest start that orders nothing).
 */
export function replay(months: readonly SpendMonth[], thresholdMicro: number, amountMicro: number): { replay: Replay; lowestMicro: number } {
    let balance = thresholdMicro;
    let lowest = balance;
    let lowestOn = dateOf(months[0].month, 0);
    let pending = false;
    let recharges = 0;
    let reachedZeroOn: string | null = null;
    for (const m of months) {
        m.daySpendMicro.forEach((spend, i) => {
            balance -= spend;
            if (balance < lowest) [lowest, lowestOn] = [balance, dateOf(m.month, i)];
            if (balance <= 0 && spend > 0 && reachedZeroOn === null) reachedZeroOn = dateOf(m.month, i);
            if (pending) [balance, pending, recharges] = [balance + amountMicro, false, recharges + 1];
            if (balance < thresholdMicro) pending = true;
        });
    }
    return { replay: { startBalance: formatMicro4(thresholdMicro), lowestBalance: formatMicro4(lowest), lowestOn, recharges, reachedZeroOn }, lowestMicro: lowest };
}
