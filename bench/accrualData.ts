// A synthetic month of Teams PSTN usage for the accrual bench and its test:
// seeded and deterministic (the same options write the same bytes), so the
// rating core and its SQL twin can be compared call for call.
//
// What it writes into `dir`:
//   usage.csv       the PSTN usage report's 20 columns (DOMAIN.md "Usage input"), one row per call,
//                   grouped by customer (as the per-customer import stores them) and in Start Time
//                   order within a customer, ties by UsageId. Customers are told apart by their
//                   users' UPN domain (`u17@c000042.example`).
//   customers.json  per customer: tenant id, UPN domain, country, currency, minute pools,
//                   Communications Credits, the overage settings in force; plus the rate cards.
//
// The mix, per customer: a calling plan (Domestic, Domestic and International, 120/240 minutes,
// or Pay-As-You-Go on credits), often Audio Conferencing; pools sized so that some run out and
// some do not; one user in ten abroad (no pool there); inbound, outbound, transfer/forwarding,
// conference dial-out, toll-free inbound; 3% unanswered (0 s); 1% ties on Start Time; 0.5% of
// destinations without a rate; a blank Domestic/International now and then; names with commas
// (quoted cells). Settings: overage on all month (most), switched on or off mid-month, handed to
// another partner mid-month, two-tier with a reseller, never on, on without a subscription.
// Credits for one customer in five (auto-recharge for some). Rate cards: the demo card
// (docs/rates/demo-rates.csv, USD and EUR from 2026-01-01) and a mid-month card per currency
// with new prices and one destination dropped (its calls then have no rate).
import * as fs from 'node:fs';
import * as path from 'node:path';
import countries = require('i18n-iso-countries');
import { parseRateCardCsv } from '../shared/features/accrual/rateCardCsv';
import type { StoredRateCard } from '../shared/features/accrual/rateCards';
import type { PlanKind, RatingInput, SettingInForce } from '../shared/core/rating/ratingModel';
import { ratingRules } from '../shared/core/rating/ratingRules';
import { USAGE_COLUMNS } from '../shared/features/usage/usageColumns';

export interface AccrualDataOptions {
    customers: number;
    calls: number;
    seed?: number;
    /** `YYYY-MM`; 2026-03 by default. */
    month?: string;
    dir: string;
}

export interface BenchCustomer {
    tenantId: string;
    name: string;
    /** The UPN domain of its users: how a row of the shared CSV names its customer. */
    domain: string;
    country: string;
    currency: 'USD' | 'EUR';
    calls: number;
    pools: Array<{ country: string; plan: PlanKind; minutes: number }>;
    credits: RatingInput['credits'];
    /** `from` null stands for -Infinity (a setting in force since before the month). */
    settings: Array<Omit<SettingInForce, 'from'> & { from: number | null }>;
}

export interface AccrualData {
    month: string;
    seed: number;
    dir: string;
    csvPath: string;
    /** Rows written. */
    calls: number;
    customers: BenchCustomer[];
    rateCards: StoredRateCard[];
}

/** Where the customers' users are, weighted; the euro countries bill in EUR, the others in USD. */
const HOME: Array<[string, number]> = [
    ['US', 30], ['GB', 9], ['DE', 10], ['FR', 8], ['NL', 5], ['ES', 5], ['IT', 5], ['CA', 5], ['AU', 4], ['JP', 3],
    ['AT', 3], ['BE', 3], ['CH', 3], ['SE', 3], ['IE', 3], ['IN', 1], ['MX', 1],
];
const EURO = new Set(['DE', 'FR', 'NL', 'ES', 'IT', 'AT', 'BE', 'IE']);
/** Destinations the demo card prices. */
const RATED = ['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'ES', 'IT', 'AU', 'JP', 'IN', 'BR', 'MX', 'AT', 'BE', 'CH', 'SE', 'IE'];
/** Destinations it does not: their calls are listed as missing rates. */
const UNRATED = ['ZA', 'PL', 'SG'];
const TOLL_FREE_SPELLINGS = ['toll_free', 'TollFree', 'toll-free', 'Toll_Free'];
const FIRST = ['Anna', 'Ben', 'Chloé', 'David', 'Emma', 'Femi', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Kenji', 'Lea', 'Mateo', 'Nora', 'Omar', 'Priya'];
const LAST = ['Smith', 'Müller', 'Rossi', 'Dubois', 'Jansen', 'García', 'Tanaka', "O'Brien", 'Nowak', 'Kowalski', 'Silva', 'Patel'];

/** mulberry32: small, fast, and the same on every machine. */
export function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** The repository root (where package.json is), from bench/ or dist/bench/. */
export function repoRoot(from = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
    }
}

/** The demo rate card plus a card per currency from the 16th of `month`: prices up 5%, and no EUR rate for calls to Brazil. */
export function benchRateCards(month: string): StoredRateCard[] {
    const parsed = parseRateCardCsv(fs.readFileSync(path.join(repoRoot(), 'docs', 'rates', 'demo-rates.csv'), 'utf8'));
    if ('issues' in parsed) throw new Error(`docs/rates/demo-rates.csv: ${JSON.stringify(parsed.issues)}`);
    const later = parsed.cards.map((card): StoredRateCard => ({
        currency: card.currency,
        effectiveFrom: `${month}-16`,
        rates: card.rates
            .filter((r) => !(card.currency === 'EUR' && r.meterCategory === 'Teams Calling' && r.destination === 'BR'))
            .map((r) => ({ ...r, perMinute: (Math.round(Number(r.perMinute) * 1.05 * 10_000) / 10_000).toFixed(4) })),
    }));
    return [...parsed.cards, ...later];
}

const hex = (rnd: () => number, n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rnd() * 16)];
    return s;
};
const guid = (rnd: () => number) => { const h = hex(rnd, 32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`; };
const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
function weighted<T>(rnd: () => number, list: ReadonlyArray<[T, number]>): T {
    const total = list.reduce((n, [, w]) => n + w, 0);
    let r = rnd() * total;
    for (const [v, w] of list) if ((r -= w) < 0) return v;
    return list[list.length - 1][0];
}
/** A CSV cell: quoted when it must be. */
const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';
const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

interface User { upn: string; objectId: string; displayName: string; callerId: string; location: string; capability: string }
interface Call { usageId: string; start: number; row: string }

export function generateAccrualData(o: AccrualDataOptions): AccrualData {
    const seed = o.seed ?? 20260301;
    const month = o.month ?? '2026-03';
    const rnd = prng(seed);
    const [y, m] = month.split('-').map(Number);
    const monthStart = Date.UTC(y, m - 1, 1);
    const monthSeconds = (Date.UTC(y, m, 1) - monthStart) / 1000;
    const rules = ratingRules({});
    const rateCards = benchRateCards(month);
    fs.mkdirSync(o.dir, { recursive: true });
    const csvPath = path.join(o.dir, 'usage.csv');
    const fd = fs.openSync(csvPath, 'w');
    let buffer: string[] = [USAGE_COLUMNS.join(',')];
    const flush = () => { fs.writeSync(fd, buffer.join('\n') + '\n'); buffer = []; };

    // the calls per customer: skewed (a few big tenants, many small), summing to exactly o.calls
    const weights = Array.from({ length: o.customers }, () => (-Math.log(1 - rnd())) ** 1.5);
    const sum = weights.reduce((a, b) => a + b, 0);
    const counts = weights.map((w) => Math.floor((o.calls * w) / sum));
    for (let left = o.calls - counts.reduce((a, b) => a + b, 0), i = 0; left > 0; left--, i = (i + 1) % o.customers) counts[i]++;

    const customers: BenchCustomer[] = [];
    let written = 0;
    for (let c = 0; c < o.customers; c++) {
        const n = counts[c];
        const country = weighted(rnd, HOME);
        const currency = EURO.has(country) ? 'EUR' : 'USD';
        const domain = `c${String(c).padStart(6, '0')}.example`;
        const tenantId = `40000000-0000-4000-8000-${String(c).padStart(12, '0')}`;
        const plan = weighted<string>(rnd, [['MCOPSTN1', 35], ['MCOPSTN2', 20], ['MCOPSTN5', 10], ['MCOPSTN6', 10], ['MCOPSTNPP', 25]]);
        const conferencing = rnd() < 0.6;

        const users: User[] = Array.from({ length: Math.min(60, 1 + Math.ceil(n / 40)) }, (_, u) => {
            const first = pick(rnd, FIRST);
            const last = pick(rnd, LAST);
            return {
                upn: `u${u}@${domain}`, objectId: guid(rnd),
                displayName: rnd() < 0.3 ? `${last}, ${first}` : `${first} ${last}`,
                callerId: `+${1 + Math.floor(rnd() * 98)}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`,
                location: rnd() < 0.9 ? country : pick(rnd, RATED),
                capability: plan,
            };
        });

        // pools: what the home country's licenses include, sized against the expected use so some run out
        const outboundMinutes = n * 0.47 * 3.5;
        const pools: BenchCustomer['pools'] = [];
        const planKind = rules.capabilityPlans[plan];
        if (planKind !== 'payg') pools.push({ country, plan: planKind, minutes: Math.round(outboundMinutes * rnd() * 1.4) });
        if (conferencing) pools.push({ country, plan: 'audioConferencing', minutes: Math.round(n * 0.08 * 3.5 * rnd() * 1.5) });

        const r = rnd();
        const credits: BenchCustomer['credits'] = planKind === 'payg' || r < 0.2
            // about what the month's priced minutes cost, give or take: some run out, some do not
            ? { opening: (Math.floor(rnd() * 1.5 * n * 0.05 * 10_000) / 10_000).toFixed(4), currency, autoRecharge: rnd() < 0.25 ? { threshold: '2', amount: rnd() < 0.5 ? '5' : '7.5' } : null }
            : null;

        // the overage settings in force, at distinct instants
        const entitlement = guid(rnd);
        const other = guid(rnd);
        const at = (f: number) => monthStart + Math.floor(monthSeconds * f) * 1000 + 500;
        const s = rnd();
        const settings: BenchCustomer['settings'] =
            s < 0.55 ? [{ from: null, overageEnabled: true, partnerId: '1001', azureEntitlementId: entitlement }]
                : s < 0.65 ? [{ from: null, overageEnabled: false, partnerId: '1001', azureEntitlementId: null }, { from: at(0.2 + rnd() * 0.6), overageEnabled: true, partnerId: '1001', azureEntitlementId: entitlement }]
                    : s < 0.72 ? [{ from: null, overageEnabled: true, partnerId: '1001', azureEntitlementId: entitlement }, { from: at(0.3 + rnd() * 0.6), overageEnabled: false, partnerId: '1001', azureEntitlementId: null }]
                        : s < 0.78 ? [{ from: null, overageEnabled: true, partnerId: '1002', azureEntitlementId: entitlement }, { from: at(0.1 + rnd() * 0.4), overageEnabled: false, partnerId: '1002', azureEntitlementId: null }, { from: at(0.55 + rnd() * 0.4), overageEnabled: true, partnerId: '1001', azureEntitlementId: other }]
                            : s < 0.84 ? [{ from: null, overageEnabled: true, partnerId: '2001', resellerId: '3001', azureEntitlementId: entitlement }]
                                : s < 0.86 ? [{ from: null, overageEnabled: true, partnerId: '1001', azureEntitlementId: null }]
                                    : [];

        const calls: Call[] = [];
        let previous = monthStart;
        for (let k = 0; k < n; k++) {
            const user = pick(rnd, users);
            const start = rnd() < 0.01 && k > 0 ? previous : monthStart + Math.floor(rnd() * monthSeconds) * 1000;
            previous = start;
            const t = rnd();
            let callType: string;
            let numberType = 'user';
            let capability = user.capability;
            let conferenceId = '';
            if (t < 0.30) callType = 'user_in';
            else if (t < 0.33) callType = 'user_out_conf';
            else if (t < 0.36) { callType = 'user_in'; numberType = pick(rnd, TOLL_FREE_SPELLINGS); }
            else if (t < 0.42) {
                callType = 'conf_in'; conferenceId = guid(rnd);
                numberType = rnd() < 0.5 ? pick(rnd, TOLL_FREE_SPELLINGS) : 'conference';
                if (conferencing) capability = 'MCOMEETADD';
            } else if (t < 0.50) {
                callType = 'conf_out'; conferenceId = guid(rnd); numberType = 'conference';
                if (conferencing) capability = 'MCOMEETADD';
            } else if (t < 0.53) callType = 'ucap_in';
            else callType = weighted(rnd, [['user_out', 85], ['user_out_transfer', 6], ['user_out_forwarding', 5], ['ucap_out', 4]]);
            const outbound = callType.endsWith('_out') || callType.includes('_out_');
            const d = rnd();
            const destination = !outbound ? user.location : d < 0.72 ? user.location : d < 0.995 ? pick(rnd, RATED) : pick(rnd, UNRATED);
            const di = rnd() < 0.05 ? '' : destination === user.location ? 'Domestic' : 'International';
            const seconds = rnd() < 0.03 ? 0 : Math.min(10_800, 1 + Math.round(-Math.log(1 - rnd()) * 200));
            const usageId = guid(rnd);
            const row = [
                usageId, guid(rnd), conferenceId, user.location, user.objectId, user.upn, cell(user.displayName), user.callerId,
                callType, numberType, di, cell(countries.getName(destination, 'en') ?? destination),
                `+${Math.floor(rnd() * 1e11)}`, iso(start), iso(start + seconds * 1000), String(seconds),
                '0.00', seconds && outbound ? money(seconds / 60 * 0.02) : '0.00', currency, capability,
            ].join(',');
            calls.push({ usageId, start, row });
        }
        calls.sort((a, b) => a.start - b.start || (a.usageId < b.usageId ? -1 : a.usageId > b.usageId ? 1 : 0));
        for (const call of calls) {
            buffer.push(call.row);
            if (buffer.length >= 20_000) flush();
        }
        written += n;
        customers.push({ tenantId, name: `Customer ${c}`, domain, country, currency, calls: n, pools, credits, settings });
    }
    flush();
    fs.closeSync(fd);
    const data: AccrualData = { month, seed, dir: o.dir, csvPath, calls: written, customers, rateCards };
    fs.writeFileSync(path.join(o.dir, 'customers.json'), JSON.stringify(data));
    return data;
}

export function readAccrualData(dir: string): AccrualData {
    return JSON.parse(fs.readFileSync(path.join(dir, 'customers.json'), 'utf8')) as AccrualData;
}

/** The rating input of one bench customer (its calls aside). Pass the same `rateCards` array to every customer. */
export function ratingInputOf(c: BenchCustomer, data: Pick<AccrualData, 'month' | 'rateCards'>, rules = ratingRules({})): RatingInput {
    return {
        customerTenantId: c.tenantId,
        customerName: c.name,
        month: data.month,
        pools: c.pools,
        rateCards: data.rateCards,
        credits: c.credits,
        settings: c.settings.map((s) => ({ ...s, from: s.from ?? -Infinity })),
        rules,
        warnings: [],
    };
}
