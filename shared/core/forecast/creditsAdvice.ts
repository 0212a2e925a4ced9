// Credits advice (issue 22): for a customer still paying with Communications
// Credits, the auto-recharge threshold and amount that would have kept the
// balance above zero through its last rated months, or pay-as-you-go overage
// when its spend is too irregular for a prepaid balance to fit. Pure: the
// months' spend per day comes in (re-rated by the feature), the advice goes
// out, with its assumptions in words (docs/domain.md "Credits advice").
//
// Why these settings hold: a threshold above two of the largest days carries
// the balance while a recharge lands (rechargeReplay.ts), and a recharge of at
// least the threshold lifts the balance back over it, so the balance never
// falls below threshold − 2 × largest day > 0. The proposal is replayed over
// the months anyway, and the replay is part of the answer.
import { z } from 'zod';
import { formatMicro4, MICRO } from '../rating/money';
import { RECHARGE_LEAD_DAYS, Replay, replay } from './rechargeReplay';
import { type DayAmount, largestDay, measure, type Measured, RECHARGE_COVERS_DAYS, round3, type SpendMonth, sum } from './spendMeasures';

export type { SpendMonth };

/** Above this coefficient of variation of the months' spend, usage is irregular. */
export const MONTHLY_VARIATION_LIMIT = 0.35;
/** Above this coefficient of variation of the days that had any spend, usage is irregular (a weekday pattern stays well below). */
export const DAILY_VARIATION_LIMIT = 1.0;

export interface CreditsNow {
    balanceMicro: number;
    currency: string;
    autoRecharge: { enabled: boolean; thresholdMicro: number; amountMicro: number } | null;
}

export interface AdviceInput {
    /** null: the customer never bought Communications Credits. */
    credits: CreditsNow | null;
    /** The last rated months, oldest first (the last three are used). */
    months: readonly SpendMonth[];
    /** The months searched for a rating, to say what is missing. */
    searched: { from: string; to: string };
    /** Facts found while reading the months (calls in another currency, calls without a rate). */
    notes?: readonly string[];
}

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
const Amount = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), amount: Decimal });

export const CreditsAdvice = z.object({
    /** `auto-recharge`: keep credits with these settings; `pay-as-you-go`: switch to overage; the others say why there is no advice. */
    recommendation: z.enum(['auto-recharge', 'pay-as-you-go', 'not-on-credits', 'not-enough-usage']),
    /** The advice in a sentence or two. */
    summary: z.string(),
    currency: z.string().nullable(),
    /** The customer's credits now, as the credits service reads them. */
    current: z.object({
        balance: Decimal,
        autoRecharge: z.object({ enabled: z.boolean(), threshold: Decimal, amount: Decimal }).nullable(),
    }).nullable(),
    /** The settings proposed (`auto-recharge` only). */
    autoRecharge: z.object({ threshold: Decimal, amount: Decimal }).nullable(),
    /** The months the advice is made from, oldest first. */
    monthsUsed: z.array(z.object({ month: z.string(), spend: Decimal, daysWithSpend: z.number().int(), largestDay: Amount })),
    /** What the advice measured; null when there was nothing to measure. */
    measures: z.object({
        largestDay: Amount,
        /** The busiest seven days in a row within one month, dated by their first day. */
        busiestWeek: Amount,
        meanDayWithSpend: Decimal,
        /** Coefficient of variation of the days that had any spend. */
        dailyVariation: z.number(),
        /** Coefficient of variation of the months' spend; null with one month. */
        monthlyVariation: z.number().nullable(),
        limits: z.object({ dailyVariation: z.number(), monthlyVariation: z.number() }),
    }).nullable(),
    /** The proposal replayed over the months (`auto-recharge` only). */
    replay: Replay.nullable(),
    /** The current auto-recharge settings replayed the same way; null when auto-recharge is off. */
    currentReplay: Replay.nullable(),
    /** Every assumption, in words. */
    assumptions: z.array(z.string()),
    /** What is missing for an advice (`not-enough-usage`), else null. */
    missing: z.string().nullable(),
});
export type CreditsAdvice = z.infer<typeof CreditsAdvice>;

const ASSUME_SPEND = 'Spend is what the calls beyond the minute pools cost at the rate cards in force, before who pays: all of it would have come out of the credits.';
const ASSUME_IRREGULAR = `Usage counts as irregular when the coefficient of variation of the months' spend is above ${MONTHLY_VARIATION_LIMIT}, or that of the days with spend above ${DAILY_VARIATION_LIMIT}.`;
const ASSUME_RECHARGE = `A recharge is taken to be bought when a day ends below the threshold and to land by the end of the next day, so the threshold has to carry ${RECHARGE_LEAD_DAYS} days of calls.`;

/** Credits pay while there is a balance, or while auto-recharge buys one. */
export function paysWithCredits(c: CreditsNow | null): c is CreditsNow {
    return c !== null && (c.balanceMicro > 0 || c.autoRecharge?.enabled === true);
}

export function adviseCredits(input: AdviceInput): CreditsAdvice {
    const { credits } = input;
    if (!paysWithCredits(credits)) return notOnCredits(credits);
    const months = input.months.slice(-3);
    const none = { autoRecharge: null, measures: null, replay: null, missing: null };
    const base = { currency: credits.currency, current: currentOf(credits), monthsUsed: months.map(monthUsed) };
    if (!months.length) {
        return {
            ...base, ...none, recommendation: 'not-enough-usage', currentReplay: null, assumptions: [...(input.notes ?? [])],
            summary: 'No rated month yet: nothing to base an advice on.',
            missing: `No month from ${input.searched.from} to ${input.searched.to} has been rated for this customer: the advice needs at least one rated month (it uses the last three). Pull or import the customer's usage, then rate a month.`,
        };
    }
    const used = months.map((m) => m.month).join(', ');
    const currentReplay = credits.autoRecharge?.enabled ? replay(months, credits.autoRecharge.thresholdMicro, credits.autoRecharge.amountMicro).replay : null;
    const assumptions = [...(input.notes ?? []), ASSUME_SPEND];
    if (months.length < 3) assumptions.push(`Only ${months.length} rated month(s) (${used}): the advice is only as good as ${months.length === 1 ? 'that month' : 'those months'}.`);
    const m = measure(months);
    if (!m) {
        return {
            ...base, ...none, recommendation: 'pay-as-you-go', currentReplay, assumptions,
            summary: `The pools covered every call in ${used}: the credits paid nothing. A prepaid balance would sit unused; pay-as-you-go overage bills only a month that goes beyond the pools.`,
        };
    }
    const measures = measuresOut(m);
    const irregular = irregularity(m);
    if (irregular) {
        return {
            ...base, ...none, measures, recommendation: 'pay-as-you-go', currentReplay, assumptions: [...assumptions, ASSUME_IRREGULAR],
            summary: `The spend in ${used} is irregular (${irregular}). A threshold high enough for its peaks keeps much money prepaid, a lower one lets the balance run dry; pay-as-you-go overage bills what was used, after the month, and never runs dry.`,
        };
    }
    const c = credits.currency;
    const threshold = wholeUnitsAbove(RECHARGE_LEAD_DAYS * m.largestDay.micro);
    const amount = Math.max(threshold, Math.ceil(m.busiestWeek.micro / MICRO) * MICRO);
    const proposed = replay(months, threshold, amount);
    return {
        ...base, ...none, measures, recommendation: 'auto-recharge', currentReplay,
        autoRecharge: { threshold: formatMicro4(threshold), amount: formatMicro4(amount) },
        replay: proposed.replay,
        assumptions: [
            ...assumptions, ASSUME_IRREGULAR, ASSUME_RECHARGE,
            `The largest day in ${used} was ${money(m.largestDay.micro, c)} (${m.largestDay.date}); a threshold of ${RECHARGE_LEAD_DAYS} such days, rounded up to the next whole ${c}, is ${money(threshold, c)}.`,
            `The busiest ${RECHARGE_COVERS_DAYS} days in a row cost ${money(m.busiestWeek.micro, c)} (from ${m.busiestWeek.date}); a recharge of ${money(amount, c)} pays for them and is never less than the threshold, so it is bought about once a week at most at that rate, and each one lifts the balance back above the threshold.`,
        ],
        summary: `Set auto-recharge to buy ${money(amount, c)} when the balance falls below ${money(threshold, c)}. Replayed over ${used}, the balance would never have gone below ${money(proposed.lowestMicro, c)}, with ${proposed.replay.recharges} recharge(s).`
            + currentVerdict(currentReplay, credits),
    };
}

/** How the current auto-recharge settings fared in the same replay, in words. */
function currentVerdict(current: Replay | null, credits: CreditsNow): string {
    const r = credits.autoRecharge;
    if (!current || !r) return '';
    if (current.reachedZeroOn) return ` With the current settings it would have reached zero on ${current.reachedZeroOn}.`;
    return ` The current settings (${money(r.amountMicro, credits.currency)} below ${money(r.thresholdMicro, credits.currency)}) would have kept it above zero too, with ${current.recharges} recharge(s).`;
}

function notOnCredits(credits: CreditsNow | null): CreditsAdvice {
    const summary = credits
        ? `Not paying with credits: the balance is 0 ${credits.currency} and auto-recharge is off, so calls beyond the pools are paid by pay-as-you-go overage where it is on, and refused where it is not. There is nothing to advise on credits.`
        : 'Not paying with credits: this customer has no Communications Credits. Calls beyond the pools are paid by pay-as-you-go overage where it is on.';
    return {
        recommendation: 'not-on-credits', summary, currency: credits?.currency ?? null, current: credits && currentOf(credits),
        autoRecharge: null, monthsUsed: [], measures: null, replay: null, currentReplay: null, assumptions: [], missing: null,
    };
}

function currentOf(c: CreditsNow): CreditsAdvice['current'] {
    const r = c.autoRecharge;
    return { balance: formatMicro4(c.balanceMicro), autoRecharge: r && { enabled: r.enabled, threshold: formatMicro4(r.thresholdMicro), amount: formatMicro4(r.amountMicro) } };
}

function monthUsed(m: SpendMonth): CreditsAdvice['monthsUsed'][number] {
    return { month: m.month, spend: formatMicro4(sum(m.daySpendMicro)), daysWithSpend: m.daySpendMicro.filter((d) => d > 0).length, largestDay: amountOf(largestDay([m])) };
}

function measuresOut(m: Measured): NonNullable<CreditsAdvice['measures']> {
    return {
        largestDay: amountOf(m.largestDay),
        busiestWeek: amountOf(m.busiestWeek),
        meanDayWithSpend: formatMicro4(Math.round(m.meanDayWithSpend)),
        dailyVariation: round3(m.dailyVariation),
        monthlyVariation: m.monthlyVariation === null ? null : round3(m.monthlyVariation),
        limits: { dailyVariation: DAILY_VARIATION_LIMIT, monthlyVariation: MONTHLY_VARIATION_LIMIT },
    };
}

/** Why the usage is irregular, in words; undefined when it is regular enough. */
function irregularity(m: Measured): string | undefined {
    const why: string[] = [];
    if (m.monthlyVariation !== null && m.monthlyVariation > MONTHLY_VARIATION_LIMIT) why.push(`the months' spend varies by a coefficient of ${round3(m.monthlyVariation)}, above ${MONTHLY_VARIATION_LIMIT}`);
    if (m.dailyVariation > DAILY_VARIATION_LIMIT) why.push(`the days' spend varies by a coefficient of ${round3(m.dailyVariation)}, above ${DAILY_VARIATION_LIMIT}`);
    return why.length ? why.join('; ') : undefined;
}

const amountOf = ({ date, micro }: DayAmount) => ({ date, amount: formatMicro4(micro) });

/** The next whole currency unit strictly above: two largest days in a row must leave something. */
const wholeUnitsAbove = (micro: number) => (Math.floor(micro / MICRO) + 1) * MICRO;

/** A figure for the words: two decimals and the currency. */
function money(micro: number, currency: string): string {
    const cents = Math.round(micro / 10_000);
    const abs = Math.abs(cents);
    return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${currency}`;
}
