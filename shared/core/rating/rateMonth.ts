// The rating of one customer-month (DOMAIN.md "Accrual, precisely"; issue 10):
// the calls, in Start Time order, draw on the minute pools, are priced by the
// rate card in force on their UTC day, are paid by Communications Credits
// first, and what remains is overage (billed in reconciliation lines) or, when
// overage was not in force, refused. Pure: no I/O, no clock, no environment;
// the same input gives the same result, ids included.
//
// Streaming: `MonthRating.add` takes one call at a time and keeps only the
// aggregates (pools, credit balance, one bucket per line), so a month of any
// size rates in constant memory. Money is exact integer micro-units (money.ts).
//
// Choices the rules leave open, and what this does:
// - Every line multiplies out (rule 5; lines.ts): a line credits paid part
//   of (a connection fee, or the minutes of the call where the balance ran
//   out) bills overage's share, and its Quantity is that line's rounded total
//   ÷ its UnitPrice, half-up to 6 decimals: fractional, for fees too.
// - overageAmount is what the lines bill: the sum of their totals, each
//   rounded half-up to 4 decimals, so the lines always add up to it (with
//   prices of 5 or 6 decimals that may differ from the exact sum rounded once).
// - creditsExhausted: a draw brought the balance to exactly zero (no
//   auto-recharge). An opening balance of zero never ran out "during" the month.
// - Auto-recharge buys `amount` as many times as needed: before a call whose
//   price exceeds the balance, and after a call while the balance is below the
//   threshold. The recharges are counted; credits pay every call.
// - A call with no rate is listed in missingRates (destination '' when the row
//   has none) but has still drawn its pool minutes: the pools are what the
//   licenses include, whatever the price of the rest.
// - The totals (creditsUsed, overageAmount, refusedAmount) are in `currency`;
//   a call in another currency still bills through its lines (their
//   BillingCurrency) and counts in refusedCalls, and a warning gives its sums.
// - Overage lines split by (Azure subscription, partner, reseller): two
//   settings naming the same subscription share lines.
// - Usage has an owner (usageOwner.ts): a call a partner supplied is left out
//   entirely (no pool, no credits, no line) unless the setting in force at its
//   start is that partner's; copies of one call (the same UsageId and start
//   from several suppliers) count once, Microsoft's first. Both are warned of
//   (a partner's left-out rows in partnerWarnings, for that partner only).
//   And a partner's lines are rated from Microsoft's records and its own rows
//   only (CustomerMonth), so another partner's rows cannot use up the pool or
//   the credits before its calls.
// - Microsoft's own charge, where a row carries it, is compared with what the
//   call cost here (chargeCheck.ts): a difference is a warning, never a
//   correction. `add` answers each call's cost, so the comparison costs a
//   branch per call, and a little more only for a row with Microsoft's charge.
// - Pools read from Partner Center instead of the tenant (poolSource) make the
//   month incomplete, like a missing rate: another seller's licences may be missing.
import { ChargeCheck, chargeWarning } from './chargeCheck';
import { classifyCall } from './classify';
import { billedMicro, bucketKey, compareLines, LineBucket, writeLines, type BillingTarget } from './lines';
import type { AccrualResult, PlanKind, RatingInput, RatingRules, SettingInForce, UsageCall } from './ratingModel';
import { assertSafe, ceilDiv, formatMicro4, toMicro } from './money';
import { DAY_MS, indexRateCards, type IndexedCard, type IndexedRate, type RateIndex } from './rateIndex';
import { notOwned, sortedSettings, sourceKey, type NotOwned } from './usageOwner';
import { compareText } from '../domain/primitives';

interface Pool { included: number; used: number }

/** Per currency: its cards with a cursor (calls come in order, so the card in force only moves forward) and its sums. */
interface CurrencyState {
    readonly currency: string;
    readonly cards: readonly IndexedCard[] | undefined;
    cursor: number;
    priced: boolean;
    refusedMicro: number;
    refusedCalls: number;
}

interface Missing { currency: string; meterCategory: string; destination: string; calls: number }

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** What MonthRating.add answers for a call that does not count in the rating (outside the month, left out, another supplier's copy). */
export const CALL_NOT_COUNTED = -1;
/** What MonthRating.add answers for a billable call without a rate (listed in missingRates). */
export const CALL_NOT_PRICED = -2;

/** The running figures of a rating: pool minutes used, minutes priced, credits used and the balance left (micro-units). */
export interface RatingProgress { poolUsed: number; billableMinutes: number; creditsUsedMicro: number; balanceMicro: number }

/** One customer-month being rated: `add` each call in Start Time order (ties by usageId), then `finish`. */
export class MonthRating {
    private readonly rules: RatingRules;
    private readonly monthStart: number;
    private readonly monthEnd: number;
    private readonly monthStartDay: number;
    private readonly rates: RateIndex;

    private prevStart = -Infinity;
    private prevUsageId = '';
    private prevSource = '';
    private outside = 0;
    /** The last call that counted, to recognise another supplier's copy of it. */
    private countedStart = -Infinity;
    private countedUsageId = '';
    private copies = 0;
    /** Calls left out because their supplier's setting was not in force: per partner and reason. */
    private readonly leftOut = new Map<string, { partnerId: string; why: NotOwned; calls: number }>();

    private readonly pools = new Map<string, Map<PlanKind, Pool>>();
    private readonly poolKeys: Array<{ key: string; pool: Pool }> = [];

    private readonly currencies = new Map<string, CurrencyState>();
    private lastCurrency: CurrencyState | undefined;
    private firstPricedCurrency: string | undefined;
    private billableMinutes = 0;
    private readonly missing = new Map<string, Missing>();
    private readonly unknownCapabilities = new Map<string, number>();

    private readonly settings: readonly SettingInForce[];
    private readonly targets: ReadonlyArray<BillingTarget | null>;
    private settingCursor = -1;
    private readonly refusedWithoutSubscription = new Set<number>();
    private readonly buckets = new Map<number, LineBucket>();

    private readonly creditsCurrency: string | undefined;
    private readonly creditsOpening: number;
    private balance: number;
    private readonly rechargeThreshold: number;
    /** 0: no auto-recharge. */
    private readonly rechargeAmount: number;
    private creditsUsed = 0;
    private recharges = 0;
    private creditsExhausted = false;
    private readonly creditsOtherCurrencies = new Set<string>();

    /** Microsoft's charge beside the app's rating: kept by the rating of every call (not by one partner's). */
    private readonly check: ChargeCheck | undefined;

    private readonly setupWarnings: string[] = [];
    private result: AccrualResult | undefined;

    /** `supplier`: rate only Microsoft's records and this partner's rows (for its lines; see CustomerMonth). */
    constructor(private readonly input: RatingInput, private readonly supplier?: string) {
        this.rules = input.rules;
        const m = MONTH.exec(input.month);
        if (!m) throw new RangeError(`month: ${JSON.stringify(input.month)} is not YYYY-MM`);
        this.monthStart = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
        this.monthEnd = Date.UTC(Number(m[1]), Number(m[2]), 1);
        this.monthStartDay = this.monthStart / DAY_MS;
        this.rates = indexRateCards(input.rateCards);
        this.setupWarnings.push(...this.rates.warnings);

        for (const p of input.pools) {
            if (!Number.isSafeInteger(p.minutes) || p.minutes < 0) throw new RangeError(`pool ${p.country}/${p.plan}: ${p.minutes} is not a whole number of minutes`);
            this.pool(p.country, p.plan).included += p.minutes;
        }

        // stable: of two settings from the same instant, the one given last is in force
        this.settings = sortedSettings(input.settings);
        const targetsByKey = new Map<string, BillingTarget>();
        this.targets = this.settings.map((s) => {
            if (!s.overageEnabled || s.azureEntitlementId === null) return null;
            const resellerId = s.resellerId ?? '';
            const key = `${s.azureEntitlementId}\u0000${s.partnerId}\u0000${resellerId}`;
            let t = targetsByKey.get(key);
            if (!t) targetsByKey.set(key, t = { index: targetsByKey.size, subscriptionId: s.azureEntitlementId, partnerId: s.partnerId, resellerId });
            return t;
        });

        const credits = input.credits;
        this.creditsCurrency = credits?.currency;
        this.creditsOpening = credits ? toMicro(credits.opening, 'credits opening balance') : 0;
        this.balance = this.creditsOpening;
        let threshold = 0;
        let amount = 0;
        if (credits?.autoRecharge) {
            threshold = toMicro(credits.autoRecharge.threshold, 'auto-recharge threshold');
            amount = toMicro(credits.autoRecharge.amount, 'auto-recharge amount');
            if (amount === 0) this.setupWarnings.push('auto-recharge buys nothing (amount 0): rated as if it were off');
        }
        this.rechargeThreshold = threshold;
        this.rechargeAmount = amount;
        this.check = supplier === undefined ? new ChargeCheck() : undefined;
    }

    /**
     * Rates one call and answers what it cost before who pays (credits and
     * overage together), in micro-units of its currency: 0 when free or covered
     * by its pool; CALL_NOT_PRICED when it had no rate; CALL_NOT_COUNTED when it
     * does not count in this rating (outside the month, left out, a copy).
     * Throws when calls are not in Start Time order (ties by usageId, then
     * supplier: Microsoft first): pool and credit draws depend on it.
     */
    add(call: UsageCall): number {
        if (this.result) throw new Error('this month is already finished');
        const amount = this.rate(call);
        // the check only where the row has Microsoft's charge, or to count it without (a branch, no allocation)
        if (this.check !== undefined && amount !== CALL_NOT_COUNTED) this.check.note(call, amount === CALL_NOT_PRICED ? undefined : amount);
        return amount;
    }

    private rate(call: UsageCall): number {
        const start = call.start;
        const source = sourceKey(call.source);
        if (!(start >= this.prevStart) || (start === this.prevStart && !(call.usageId > this.prevUsageId || (call.usageId === this.prevUsageId && source > this.prevSource)))) {
            throw new Error(`usage call ${call.usageId} (start ${instant(start)}) is out of order after ${this.prevUsageId}: calls must come in Start Time order, ties by usageId then supplier, each once`);
        }
        this.prevStart = start;
        this.prevUsageId = call.usageId;
        this.prevSource = source;
        if (start < this.monthStart || start >= this.monthEnd) {
            this.outside++;
            return CALL_NOT_COUNTED;
        }
        // one partner's rating sees Microsoft's records and that partner's own rows, nobody else's
        if (this.supplier !== undefined && call.source?.kind === 'partner' && call.source.partnerId !== this.supplier) return CALL_NOT_COUNTED;

        // usage has an owner: a partner's call counts only under its own setting
        const settings = this.settings;
        let s = this.settingCursor;
        while (s + 1 < settings.length && settings[s + 1].from <= start) s++;
        this.settingCursor = s;
        const why = notOwned(call.source, s >= 0 ? settings[s] : undefined);
        if (why !== undefined) {
            this.noteLeftOut((call.source as { partnerId: string }).partnerId, why);
            return CALL_NOT_COUNTED;
        }
        // another supplier's copy of a call that counted already
        if (start === this.countedStart && call.usageId === this.countedUsageId) {
            this.copies++;
            return CALL_NOT_COUNTED;
        }
        this.countedStart = start;
        this.countedUsageId = call.usageId;

        // rule 1: whole minutes, rounded up per call; 0 s costs nothing
        const seconds = call.durationSeconds;
        if (!(seconds >= 0)) throw new RangeError(`usage call ${call.usageId}: duration ${seconds} is not a number of seconds`);
        if (seconds === 0) return 0;
        const cls = classifyCall(call, this.rules);
        if (cls.kind === 'free') return 0;
        if (cls.plan === null) this.unknownCapabilities.set(call.capability, (this.unknownCapabilities.get(call.capability) ?? 0) + 1);

        // rule 4: the pool first; a partly covered call bills the rest
        let minutes = Math.ceil(seconds / 60);
        if (cls.pool !== null) {
            const pool = this.pools.get(cls.pool.country)?.get(cls.pool.plan);
            if (pool !== undefined && pool.used < pool.included) {
                const left = pool.included - pool.used;
                const take = left < minutes ? left : minutes;
                pool.used += take;
                minutes -= take;
            }
            if (minutes === 0) return 0;
        }

        // rule 5: the card of the call's currency in force on its UTC day
        let cs = this.lastCurrency;
        if (cs === undefined || cs.currency !== call.currency) cs = this.currencyState(call.currency);
        const dayNumber = Math.floor(start / DAY_MS);
        const rate = cls.destination === null ? undefined : findRate(cs, dayNumber, cls.meterCategory, cls.destination);
        if (rate === undefined) {
            this.addMissing(call.currency, cls.meterCategory, cls.destination ?? '');
            return CALL_NOT_PRICED;
        }
        if (!cs.priced) {
            cs.priced = true;
            this.firstPricedCurrency ??= cs.currency;
        }
        this.billableMinutes += minutes;
        const price = assertSafe(minutes * rate.perMinuteMicro + rate.connectionFeeMicro, `the price of usage call ${call.usageId}`);

        // rule 6: credits pay first, the fee first, down to zero
        let paid = 0;
        if (this.creditsCurrency !== undefined) {
            if (this.creditsCurrency === call.currency) {
                paid = this.payFromCredits(price);
                if (paid === price) return price;
            } else {
                this.creditsOtherCurrencies.add(call.currency);
            }
        }

        // rule 7: the rest is overage if overage was in force at the call's start, else refused
        const unpaid = price - paid;
        const target = s >= 0 ? this.targets[s] : null;
        if (target === null) {
            cs.refusedCalls++;
            cs.refusedMicro += unpaid;
            if (s >= 0 && settings[s].overageEnabled) this.refusedWithoutSubscription.add(s);
            return price;
        }

        // rule 8: into the line of (subscription, meter, day)
        const dayOfMonth = dayNumber - this.monthStartDay;
        const key = bucketKey(target.index, rate.id, this.rates.rateCount, dayOfMonth);
        let bucket = this.buckets.get(key);
        if (bucket === undefined) this.buckets.set(key, bucket = new LineBucket(target, rate, dayOfMonth));
        // paid > 0 only for the one call a month where the credits ran out
        bucket.addCall(minutes, paid);
        return price;
    }

    /** Where the rating stands after the calls added so far (the month to date's days are its differences). */
    progress(): RatingProgress {
        let poolUsed = 0;
        for (const { pool } of this.poolKeys) poolUsed += pool.used;
        return { poolUsed, billableMinutes: this.billableMinutes, creditsUsedMicro: this.creditsUsed, balanceMicro: this.balance };
    }

    /** The month's result. Later calls to `finish` return the same result; `add` is refused. */
    finish(): AccrualResult {
        if (this.result) return this.result;
        const input = this.input;
        const currency = this.creditsCurrency ?? this.firstPricedCurrency ?? input.rateCards[0]?.currency ?? '';
        const main = this.currencies.get(currency);
        let refusedCalls = 0;
        for (const cs of this.currencies.values()) refusedCalls += cs.refusedCalls;

        const warnings = [...input.warnings, ...this.setupWarnings];
        if (this.outside > 0) warnings.push(`${this.outside} call(s) outside ${input.month} (UTC) ignored`);
        const partnerWarnings: Record<string, string[]> = {};
        for (const { partnerId, why, calls } of [...this.leftOut.values()].sort((a, b) => compareText(a.partnerId, b.partnerId) || compareText(a.why, b.why))) {
            (partnerWarnings[partnerId] ??= []).push(`${calls} call(s) supplied by partner ${partnerId} were left out: ${why === 'no-setting' ? 'no overage setting was in force at their start' : 'another partner\'s overage setting was in force at their start'}, and a partner's usage counts only while its own setting is in force`);
        }
        if (this.copies > 0) warnings.push(`${this.copies} call(s) were supplied more than once (the same UsageId and Start Time from Microsoft and a partner, or from two partners) and counted once`);
        for (const [capability, n] of [...this.unknownCapabilities].sort(byKey)) {
            warnings.push(`${n} billable call(s) with unknown capability ${JSON.stringify(capability)}: priced as never covered by a pool`);
        }
        for (const other of [...this.creditsOtherCurrencies].sort()) {
            warnings.push(`Communications Credits are in ${this.creditsCurrency}: calls in ${other} were not paid from them`);
        }
        for (const s of [...this.refusedWithoutSubscription].sort((a, b) => a - b)) {
            const from = this.settings[s].from;
            warnings.push(`overage is enabled from ${Number.isFinite(from) ? instant(from) : 'before the month'} but names no Azure subscription: its calls were refused`);
        }
        const y = Number(input.month.slice(0, 4));
        const mo = Number(input.month.slice(5, 7));
        const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
        const lines = writeLines(this.buckets.values(), {
            customerTenantId: input.customerTenantId,
            customerName: input.customerName,
            monthStart: this.monthStart,
            chargeStartDate: `${input.month}-01`,
            chargeEndDate: `${input.month}-${String(lastDay).padStart(2, '0')}`,
        });

        for (const cs of [...this.currencies.values()].sort((a, b) => compareText(a.currency, b.currency))) {
            // a currency is priced before any of its calls is billed or refused
            if (cs === main || !cs.priced) continue;
            warnings.push(`calls priced in ${cs.currency}, not ${currency}: not in the totals (overage ${formatMicro4(billedMicro(lines, cs.currency))} ${cs.currency}, refused ${formatMicro4(assertSafe(cs.refusedMicro, 'refused'))} ${cs.currency}); their lines bill in ${cs.currency}`);
        }
        assertSafe(this.balance, 'the credit balance');

        const poolMinutes: AccrualResult['poolMinutes'] = {};
        for (const { key, pool } of [...this.poolKeys].sort((a, b) => compareText(a.key, b.key))) poolMinutes[key] = { included: pool.included, used: pool.used };

        const missingRates = [...this.missing.values()]
            .sort((a, b) => compareText(a.currency, b.currency) || compareText(a.meterCategory, b.meterCategory) || compareText(a.destination, b.destination))
            .map((x) => ({ ...x }));
        const microsoftCharge = this.check?.finish();
        const differs = microsoftCharge && chargeWarning(microsoftCharge);
        if (differs) warnings.push(differs);

        this.result = {
            month: input.month,
            customerTenantId: input.customerTenantId,
            currency,
            // pools read from Partner Center, not the tenant, may miss licences other sellers sold (rule 6)
            status: missingRates.length > 0 || input.poolSource === 'partnerCenter' ? 'incomplete' : 'complete',
            poolMinutes,
            ...(input.poolSource ? { poolSource: input.poolSource } : {}),
            ...(input.poolLicences ? { poolLicences: input.poolLicences.map((l) => ({ ...l })) } : {}),
            billableMinutes: assertSafe(this.billableMinutes, 'billable minutes'),
            creditsOpening: formatMicro4(this.creditsOpening),
            creditsUsed: formatMicro4(assertSafe(this.creditsUsed, 'credits used')),
            recharges: this.recharges,
            creditsExhausted: this.creditsExhausted,
            overageAmount: formatMicro4(billedMicro(lines, currency)),
            refusedCalls,
            refusedAmount: formatMicro4(assertSafe(main?.refusedMicro ?? 0, 'refused amount')),
            missingRates,
            ...(microsoftCharge ? { microsoftCharge } : {}),
            warnings,
            partnerWarnings,
            lines,
        };
        return this.result;
    }

    /** Credits pay `price` (same currency): all of it with auto-recharge, else down to zero. Returns what they paid. */
    private payFromCredits(price: number): number {
        const amount = this.rechargeAmount;
        if (amount > 0) {
            if (this.balance < price) {
                const n = ceilDiv(price - this.balance, amount);
                this.recharges += n;
                this.balance += n * amount;
            }
            this.balance -= price;
            if (this.balance < this.rechargeThreshold) {
                const n = ceilDiv(this.rechargeThreshold - this.balance, amount);
                this.recharges += n;
                this.balance += n * amount;
            }
            this.creditsUsed += price;
            return price;
        }
        const paid = this.balance < price ? this.balance : price;
        if (paid > 0) {
            this.balance -= paid;
            this.creditsUsed += paid;
            if (this.balance === 0) this.creditsExhausted = true;
        }
        return paid;
    }

    /** The pool given for (country, plan), made at setup; a pool no license gives covers nothing and is not listed. */
    private pool(country: string, plan: PlanKind): Pool {
        let byPlan = this.pools.get(country);
        if (byPlan === undefined) this.pools.set(country, byPlan = new Map());
        let pool = byPlan.get(plan);
        if (pool === undefined) {
            byPlan.set(plan, pool = { included: 0, used: 0 });
            this.poolKeys.push({ key: `${country}/${plan}`, pool });
        }
        return pool;
    }

    private currencyState(currency: string): CurrencyState {
        let cs = this.currencies.get(currency);
        if (cs === undefined) {
            cs = { currency, cards: this.rates.cards.get(currency), cursor: -1, priced: false, refusedMicro: 0, refusedCalls: 0 };
            this.currencies.set(currency, cs);
        }
        this.lastCurrency = cs;
        return cs;
    }

    private noteLeftOut(partnerId: string, why: NotOwned): void {
        const key = `${why}\u0000${partnerId}`;
        const n = this.leftOut.get(key);
        if (n) n.calls++;
        else this.leftOut.set(key, { partnerId, why, calls: 1 });
    }

    private addMissing(currency: string, meterCategory: string, destination: string): void {
        const key = `${currency}\u0000${meterCategory}\u0000${destination}`;
        const m = this.missing.get(key);
        if (m) m.calls++;
        else this.missing.set(key, { currency, meterCategory, destination, calls: 1 });
    }
}

/** The rate in the card in force on `day` (the latest EffectiveFrom ≤ day), moving the currency's cursor forward. */
function findRate(cs: CurrencyState, day: number, meterCategory: string, destination: string): IndexedRate | undefined {
    const cards = cs.cards;
    if (cards === undefined) return undefined;
    let c = cs.cursor;
    while (c + 1 < cards.length && cards[c + 1].fromDay <= day) c++;
    cs.cursor = c;
    return c < 0 ? undefined : cards[c].rates.get(meterCategory)?.get(destination);
}

function instant(ms: number): string {
    return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}


function byKey<T>(a: [string, T], b: [string, T]): number {
    return compareText(a[0], b[0]);
}

/** Rates a customer-month from calls in Start Time order (ties by usageId). */
export function rateMonthSync(input: RatingInput, calls: Iterable<UsageCall>): AccrualResult {
    const month = new CustomerMonth(input);
    for (const call of calls) month.add(call);
    return month.finish();
}

/** Rates a customer-month from calls in Start Time order (ties by usageId), streamed from storage or given in memory. */
export async function rateMonth(input: RatingInput, calls: Iterable<UsageCall> | AsyncIterable<UsageCall>): Promise<AccrualResult> {
    const month = new CustomerMonth(input);
    if (Symbol.asyncIterator in calls) {
        for await (const call of calls) month.add(call);
    } else {
        for (const call of calls) month.add(call);
    }
    return month.finish();
}

/**
 * A customer-month as the accrual keeps it. Its figures (pools, credits,
 * refused calls) come from every call that counts; each partner's lines come
 * from a rating of Microsoft's records and that partner's own rows only, so no
 * partner's rows change another's bill, not even by using up the pool or the
 * credits first. With one partner in the month's settings the two ratings are
 * the same, and only one is made. One pass over the calls feeds them all.
 */
export class CustomerMonth {
    private readonly whole: MonthRating;
    private readonly own: Array<{ partnerId: string; rating: MonthRating }>;

    constructor(input: RatingInput) {
        this.whole = new MonthRating(input);
        const partners = partnersInForce(input.settings, input.month);
        this.own = partners.length > 1 ? partners.map((partnerId) => ({ partnerId, rating: new MonthRating(input, partnerId) })) : [];
    }

    /** What the whole month's rating answers for the call (MonthRating.add). */
    add(call: UsageCall): number {
        const amount = this.whole.add(call);
        for (const { rating } of this.own) rating.add(call);
        return amount;
    }

    /** The whole month's figures so far (every call that counts, as the month's figures are). */
    progress(): RatingProgress {
        return this.whole.progress();
    }

    finish(): AccrualResult {
        const result = this.whole.finish();
        if (!this.own.length) return result;
        const lines = this.own.flatMap(({ partnerId, rating }) => rating.finish().lines.filter((l) => l.PartnerId === partnerId)).sort(compareLines);
        return { ...result, overageAmount: formatMicro4(billedMicro(lines, result.currency)), lines };
    }
}

/** The partners whose settings are in force at some time of `month`. */
function partnersInForce(settings: readonly SettingInForce[], month: string): string[] {
    const m = MONTH.exec(month);
    if (!m) return [];
    const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
    const end = Date.UTC(Number(m[1]), Number(m[2]), 1);
    const sorted = sortedSettings(settings);
    const partners = sorted.filter((s, i) => s.from < end && (i + 1 === sorted.length || sorted[i + 1].from > start)).map((s) => s.partnerId);
    return [...new Set(partners)].sort(compareText);
}

