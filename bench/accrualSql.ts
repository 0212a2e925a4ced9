// The accrual's rules as SQL on DuckDB: a second, independent reading of
// shared/accrual (classify, pools, rate cards, credits, settings, lines), run
// on the same usage CSV as the core, so the bench can compare both speed and
// results. Money is DECIMAL(18,6) (sums DECIMAL(38,6)); the only integer
// arithmetic is where a DECIMAL division would give a DOUBLE (a line's
// quantity when credits paid part of what it bills, the number of auto-recharges).
//
// The rules, per customer and month, as the SQL reads them:
//   - a call is billed in whole minutes, rounded up on its own; 0 s and calls outside the month cost nothing;
//   - classification (shared/core/rating/classify.ts): outbound user calls (OUTBOUND_CALL_TYPES, user_out_conf
//     among them) are Teams Calling, covered by a Domestic and International pool, or by a Domestic pool when not international (the column, or
//     destination ≠ user location when blank); conference dial-out is Teams Audio Conferencing, covered by
//     an Audio Conferencing pool in Zone A; inbound toll-free is Teams Toll-Free (`tollFree-<user location>`),
//     never covered; everything else is free. The pool is (user location, plan);
//   - pools are drawn in Start Time order (ties by UsageId): a running sum per (customer, pool);
//   - the rest is priced by the card of the call's currency in force on its UTC day (the latest
//     EffectiveFrom ≤ day, no fallback to an older card): rest × per minute + connection fee; no rate:
//     a missing rate, not billed;
//   - Communications Credits in the call's currency pay first, in call order: a running sum of prices per
//     customer (down to zero; with auto-recharge they pay everything and the recharges are counted);
//   - the rest is overage when the setting in force at the call's start (the latest `from` ≤ start) is on
//     with a subscription, else refused;
//   - overage goes into lines per (customer, subscription, partner, reseller, meter, UTC day): one for the
//     minutes, one for the connection fees; a call credits paid in part pays its fee first. A line's total is
//     rounded half-up to 4 decimals; its quantity is the count of minutes or fees when overage paid them all,
//     else its total ÷ its unit price, half-up to 6 decimals (the bench's prices are below 100, where 6 do);
//   - the overage is what the lines of the month's currency bill: the sum of their totals.
// What is compared with the core, per customer: CustomerTotals below.
import * as fs from 'node:fs';
import * as path from 'node:path';
import countries = require('i18n-iso-countries');
import { DuckDBInstance } from '@duckdb/node-api';
import { monthBounds } from '../shared/core/rating/month';
import type { AccrualResult } from '../shared/core/rating/ratingModel';
import { toMicro } from '../shared/core/rating/money';
import { ratingRules } from '../shared/core/rating/ratingRules';
import type { AccrualData } from './accrualData';

/** What the bench compares per customer; money in integer micro-units of the rounded (4-decimal) figures. */
export interface CustomerTotals {
    billableMinutes: number;
    poolUsed: number;
    missingCalls: number;
    creditsUsed: number;
    recharges: number;
    creditsExhausted: boolean;
    overage: number;
    refusedCalls: number;
    refused: number;
    lines: number;
    /** Σ Quantity (micro-units), Σ BillingPreTaxTotal (micro-units) over the lines. */
    linesQuantity: number;
    linesTotal: number;
    /** Σ of the first 8 hex digits of each line id: the same ids on both sides. */
    lineIds: number;
}

export function totalsOfResult(r: AccrualResult): CustomerTotals {
    let linesQuantity = 0;
    let linesTotal = 0;
    let lineIds = 0;
    for (const line of r.lines) {
        linesQuantity += toMicro(line.Quantity, 'Quantity');
        linesTotal += toMicro(line.BillingPreTaxTotal, 'BillingPreTaxTotal');
        lineIds += parseInt(line.id.slice(0, 8), 16);
    }
    return {
        billableMinutes: r.billableMinutes,
        poolUsed: Object.values(r.poolMinutes).reduce((n, p) => n + p.used, 0),
        missingCalls: r.missingRates.reduce((n, m) => n + m.calls, 0),
        creditsUsed: toMicro(r.creditsUsed, 'creditsUsed'),
        recharges: r.recharges,
        creditsExhausted: r.creditsExhausted,
        overage: toMicro(r.overageAmount, 'overageAmount'),
        refusedCalls: r.refusedCalls,
        refused: toMicro(r.refusedAmount, 'refusedAmount'),
        lines: r.lines.length,
        linesQuantity,
        linesTotal,
        lineIds,
    };
}

/** The customers whose totals differ (at most `limit`), each with the fields that differ. */
export function compareTotals(a: Map<string, CustomerTotals>, b: Map<string, CustomerTotals>, limit = 10): Array<{ tenantId: string; diff: Record<string, [unknown, unknown]> }> {
    const out: Array<{ tenantId: string; diff: Record<string, [unknown, unknown]> }> = [];
    for (const tenantId of new Set([...a.keys(), ...b.keys()])) {
        const x = a.get(tenantId);
        const y = b.get(tenantId);
        const diff: Record<string, [unknown, unknown]> = {};
        if (!x || !y) diff.customer = [!!x, !!y];
        else for (const k of Object.keys(x) as Array<keyof CustomerTotals>) if (x[k] !== y[k]) diff[k] = [x[k], y[k]];
        if (Object.keys(diff).length && out.push({ tenantId, diff }) >= limit) break;
    }
    return out;
}

/** Σ over customers, for the progress lines. */
export function grandTotals(totals: Map<string, CustomerTotals>): Record<string, number> {
    const sum: Record<string, number> = {};
    for (const t of totals.values()) for (const [k, v] of Object.entries(t)) sum[k] = (sum[k] ?? 0) + Number(v);
    return sum;
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const list = (xs: readonly string[]) => xs.map(q).join(', ');
const csvCell = (v: string | number | boolean | null) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const MIN_FROM = -Number.MAX_SAFE_INTEGER;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** Writes the side tables (customers, pools, settings, cards, rates, country names) as CSV next to the usage. */
export function writeSideTables(data: AccrualData): Record<string, string> {
    const dir = path.join(data.dir, 'sql');
    fs.mkdirSync(dir, { recursive: true });
    const files: Record<string, string> = {};
    const write = (name: string, header: string[], rows: Array<Array<string | number | boolean | null>>) => {
        files[name] = path.join(dir, `${name}.csv`);
        fs.writeFileSync(files[name], [header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n');
    };
    write('customers', ['tenant', 'domain', 'credits_currency', 'opening', 'threshold', 'amount'], data.customers.map((c) => [
        c.tenantId, c.domain, c.credits?.currency ?? null, c.credits?.opening ?? null, c.credits?.autoRecharge?.threshold ?? null, c.credits?.autoRecharge?.amount ?? null,
    ]));
    write('pools', ['tenant', 'country', 'plan', 'minutes'], data.customers.flatMap((c) => c.pools.map((p) => [c.tenantId, p.country, p.plan, p.minutes])));
    write('settings', ['tenant', 'seq', 'from_ms', 'enabled', 'partner', 'reseller', 'entitlement'], data.customers.flatMap((c) => c.settings.map((s, i) => [
        c.tenantId, i, s.from ?? MIN_FROM, s.overageEnabled, s.partnerId, s.resellerId ?? '', s.azureEntitlementId,
    ])));
    write('cards', ['card_seq', 'currency', 'card_from'], data.rateCards.map((c, i) => [i, c.currency, c.effectiveFrom]));
    write('rates', ['card_seq', 'rate_seq', 'meter_id', 'category', 'destination', 'per_minute', 'fee'], data.rateCards.flatMap((c, i) => c.rates.map((r, j) => [
        i, j, r.meterId, r.meterCategory, r.destination, String(r.perMinute), String(r.connectionFee),
    ])));
    // what shared/features/usage/countries.ts accepts: alpha-2, alpha-3, then English names (the first country naming it wins)
    const keys = new Map<string, string>();
    for (const code of Object.keys(countries.getAlpha2Codes())) keys.set(code.toLowerCase(), code);
    for (const [a3, a2] of Object.entries(countries.getAlpha3Codes())) if (!keys.has(a3.toLowerCase())) keys.set(a3.toLowerCase(), a2);
    for (const [code, names] of Object.entries(countries.getNames('en', { select: 'all' }) as Record<string, string[]>)) {
        for (const name of names) if (!keys.has(name.toLowerCase())) keys.set(name.toLowerCase(), code);
    }
    write('country_keys', ['key', 'code'], [...keys]);
    return files;
}

export function loadSql(files: Record<string, string>): string {
    const read = (name: string, columns: Record<string, string>) =>
        `read_csv(${q(files[name])}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${Object.entries(columns).map(([k, v]) => `${q(k)}: ${q(v)}`).join(', ')}})`;
    const rules = ratingRules({});
    return `
CREATE OR REPLACE TEMP TABLE bench_customers AS SELECT * FROM ${read('customers', { tenant: 'VARCHAR', domain: 'VARCHAR', credits_currency: 'VARCHAR', opening: 'DECIMAL(18,6)', threshold: 'DECIMAL(18,6)', amount: 'DECIMAL(18,6)' })};
CREATE OR REPLACE TEMP TABLE bench_pools AS SELECT tenant, country, plan, sum(minutes) AS minutes FROM ${read('pools', { tenant: 'VARCHAR', country: 'VARCHAR', plan: 'VARCHAR', minutes: 'BIGINT' })} GROUP BY ALL;
-- of two settings from the same instant, the one given last is in force
-- each setting is in force from its instant to the next one's
CREATE OR REPLACE TEMP TABLE bench_settings AS SELECT tenant, from_ms, coalesce(lead(from_ms) OVER (PARTITION BY tenant ORDER BY from_ms), ${Number.MAX_SAFE_INTEGER}) AS to_ms,
    enabled AND entitlement IS NOT NULL AS billed, partner, coalesce(reseller, '') AS reseller, entitlement
  FROM (SELECT * FROM ${read('settings', { tenant: 'VARCHAR', seq: 'INTEGER', from_ms: 'BIGINT', enabled: 'BOOLEAN', partner: 'VARCHAR', reseller: 'VARCHAR', entitlement: 'VARCHAR' })}
        QUALIFY row_number() OVER (PARTITION BY tenant, from_ms ORDER BY seq DESC) = 1);
-- of two cards of one currency from the same day, and of two rates of one card for the same meter category and destination, the last given wins
CREATE OR REPLACE TEMP TABLE bench_cards AS SELECT card_seq, currency, card_from FROM ${read('cards', { card_seq: 'INTEGER', currency: 'VARCHAR', card_from: 'DATE' })}
  QUALIFY row_number() OVER (PARTITION BY currency, card_from ORDER BY card_seq DESC) = 1;
CREATE OR REPLACE TEMP TABLE bench_rates AS SELECT c.currency, c.card_from, r.meter_id, r.category, r.destination, r.per_minute, r.fee
  FROM ${read('rates', { card_seq: 'INTEGER', rate_seq: 'INTEGER', meter_id: 'VARCHAR', category: 'VARCHAR', destination: 'VARCHAR', per_minute: 'DECIMAL(18,6)', fee: 'DECIMAL(18,6)' })} r
  JOIN bench_cards c USING (card_seq)
  QUALIFY row_number() OVER (PARTITION BY r.card_seq, r.category, r.destination ORDER BY r.rate_seq DESC) = 1;
CREATE OR REPLACE TEMP TABLE bench_country_keys AS SELECT * FROM ${read('country_keys', { key: 'VARCHAR', code: 'VARCHAR' })};
CREATE OR REPLACE TEMP TABLE bench_plans AS SELECT * FROM (VALUES ${Object.entries(rules.capabilityPlans).map(([c, p]) => `(${q(c)}, ${q(p)})`).join(', ')}) t(capability, plan);
`;
}

/** The accrual of every customer's month: three statements, `rated` (one row per billable call), `sql_lines`, `sql_totals`. */
export function accrualSql(csvPath: string, month: string, firstCardCurrency: string): string[] {
    const rules = ratingRules({});
    const { start, end } = monthBounds(month);
    const usageColumns = {
        UsageId: 'VARCHAR', 'Call ID': 'VARCHAR', 'Conference ID': 'VARCHAR', 'User Location': 'VARCHAR', 'AAD ObjectId': 'VARCHAR', UPN: 'VARCHAR',
        'User Display Name': 'VARCHAR', 'Caller ID': 'VARCHAR', 'Call Type': 'VARCHAR', 'Number Type': 'VARCHAR', 'Domestic/International': 'VARCHAR',
        'Destination Dialed': 'VARCHAR', 'Destination Number': 'VARCHAR', 'Start Time': 'TIMESTAMP', 'End Time': 'VARCHAR', 'Duration Seconds': 'BIGINT',
        'Connection Fee': 'VARCHAR', Charge: 'VARCHAR', Currency: 'VARCHAR', Capability: 'VARCHAR',
    };
    const usage = `read_csv(${q(csvPath)}, header = true, delim = ',', quote = '"', escape = '"', columns = {${Object.entries(usageColumns).map(([k, v]) => `${q(k)}: ${q(v)}`).join(', ')}})`;
    const outbound = `call_type IN (${list(rules.outboundCallTypes)})`;
    const dialOut = `call_type IN (${list(rules.dialOutCallTypes)})`;
    const rated = `
CREATE OR REPLACE TEMP TABLE rated AS
WITH norm AS (
    SELECT cu.tenant, trim(u.UsageId) AS usage_id, epoch_ms(u."Start Time") AS start_ms, CAST(u."Start Time" AS DATE) AS day,
        lower(trim(u."Call Type")) AS call_type,
        lower(trim(u."Number Type")) IN ('toll_free', 'tollfree', 'toll-free') AS toll_free,
        CASE lower(trim(u."Domestic/International")) WHEN 'international' THEN TRUE WHEN 'domestic' THEN FALSE END AS intl,
        dk.code AS dest, uk.code AS user_loc,
        (u."Duration Seconds" + 59) // 60 AS minutes,
        trim(u.Currency) AS currency, upper(trim(u.Capability)) AS capability
    FROM ${usage} u
    JOIN bench_customers cu ON cu.domain = substr(u.UPN, strpos(u.UPN, '@') + 1)
    LEFT JOIN bench_country_keys dk ON dk.key = lower(trim(u."Destination Dialed"))
    LEFT JOIN bench_country_keys uk ON uk.key = lower(trim(u."User Location"))
    WHERE u."Duration Seconds" > 0 AND epoch_ms(u."Start Time") >= ${start} AND epoch_ms(u."Start Time") < ${end}
), cls AS (
    SELECT n.*, p.plan,
        CASE WHEN ${outbound} THEN 'Teams Calling' WHEN ${dialOut} THEN 'Teams Audio Conferencing' WHEN suffix(call_type, '_in') AND toll_free THEN 'Teams Toll-Free' END AS category,
        CASE WHEN ${outbound} OR ${dialOut} THEN dest WHEN user_loc IS NOT NULL THEN 'tollFree-' || user_loc END AS destination,
        coalesce(CASE
            WHEN ${outbound} THEN user_loc IS NOT NULL AND (p.plan = 'domesticInternational' OR (p.plan = 'domestic' AND NOT coalesce(intl, dest IS NOT NULL AND user_loc IS NOT NULL AND dest <> user_loc)))
            WHEN ${dialOut} THEN user_loc IS NOT NULL AND p.plan = 'audioConferencing' AND dest IN (${list(rules.zoneA)})
            ELSE FALSE
        END, FALSE) AS pooled
    FROM norm n LEFT JOIN bench_plans p USING (capability)
), billable AS (
    SELECT * FROM cls WHERE category IS NOT NULL
), drawn AS (
    -- the pool covers what is left of it before this call, up to the call's minutes
    SELECT b.*, CASE WHEN b.pooled
        THEN least(b.minutes, greatest(0, coalesce(p.minutes, 0) - (sum(b.minutes) OVER (PARTITION BY b.tenant, b.pooled, b.user_loc, b.plan ORDER BY b.start_ms, b.usage_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - b.minutes)))
        ELSE 0 END AS covered
    FROM billable b LEFT JOIN bench_pools p ON p.tenant = b.tenant AND p.country = b.user_loc AND p.plan = b.plan
), card_days AS (
    -- the card of each currency in force on each day of the month: the latest EffectiveFrom on or before it
    SELECT c.currency, CAST(d.day AS DATE) AS day, max(c.card_from) AS card_from
    FROM bench_cards c, range(TIMESTAMP '${iso(start)}', TIMESTAMP '${iso(end)}', INTERVAL 1 DAY) d(day)
    WHERE c.card_from <= CAST(d.day AS DATE) GROUP BY ALL
), carded AS (
    SELECT d.*, d.minutes - d.covered AS rest, c.card_from
    FROM drawn d LEFT JOIN card_days c ON c.currency = d.currency AND c.day = d.day
), priced AS (
    SELECT c.*, r.meter_id, r.per_minute, r.fee,
        CASE WHEN r.meter_id IS NOT NULL AND c.rest > 0 THEN CAST(c.rest * r.per_minute + r.fee AS DECIMAL(18,6)) END AS price,
        coalesce(c.currency = cu.credits_currency, FALSE) AND r.meter_id IS NOT NULL AND c.rest > 0 AS credit_branch,
        coalesce(cu.amount, 0) > 0 AS auto_recharge, cu.opening
    FROM carded c
    LEFT JOIN bench_rates r ON r.currency = c.currency AND r.card_from = c.card_from AND r.category = c.category AND r.destination = c.destination
    JOIN bench_customers cu ON cu.tenant = c.tenant
), paid AS (
    -- credits pay in call order, down to zero (everything with auto-recharge)
    SELECT p.*, CASE WHEN NOT p.credit_branch THEN CAST(0 AS DECIMAL(18,6)) WHEN p.auto_recharge THEN p.price
        ELSE least(p.price, greatest(0, p.opening - (sum(p.price) OVER (PARTITION BY p.tenant, p.credit_branch ORDER BY p.start_ms, p.usage_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - p.price))) END AS paid
    FROM priced p
)
SELECT p.tenant, p.usage_id, p.start_ms, p.day, p.currency, p.covered, p.rest, p.meter_id, p.per_minute, p.fee, p.price, p.paid, p.credit_branch,
    p.price IS NOT NULL AS is_priced,
    p.price IS NOT NULL AND NOT (p.credit_branch AND p.paid = p.price) AS unpaid_rest,
    coalesce(s.billed, FALSE) AS billed, s.entitlement, s.partner, s.reseller
FROM paid p LEFT JOIN bench_settings s ON s.tenant = p.tenant AND p.start_ms >= s.from_ms AND p.start_ms < s.to_ms`;

    const lines = `
CREATE OR REPLACE TEMP TABLE sql_lines AS
WITH shares AS (
    -- credits pay the fee first, then the minutes
    SELECT tenant, entitlement, partner, reseller, currency, meter_id, day, per_minute, fee, rest,
        least(paid, fee) AS fee_paid, paid - least(paid, fee) AS minutes_paid
    FROM rated WHERE billed AND unpaid_rest
), grouped AS (
    -- per line: the minutes and fees overage paid in full, and whether credits paid part of one
    SELECT tenant, entitlement, partner, reseller, currency, meter_id, strftime(day, '%Y-%m-%d') AS day, per_minute, fee,
        sum(CASE WHEN minutes_paid = 0 THEN rest ELSE 0 END) AS whole_minutes,
        bool_or(minutes_paid > 0) AS minutes_shared,
        sum(rest * per_minute - minutes_paid) AS minutes_amount,
        count(*) FILTER (WHERE fee > 0 AND fee_paid = 0) AS whole_fees,
        bool_or(fee_paid > 0 AND fee_paid < fee) AS fee_shared,
        sum(fee - fee_paid) AS fees_amount
    FROM shares GROUP BY ALL
), both_kinds AS (
    SELECT tenant, entitlement, partner, reseller, currency, meter_id, day, 'minutes' AS kind, whole_minutes AS whole, minutes_shared AS shared,
        round(minutes_amount, 4) AS total, per_minute AS unit_price
    FROM grouped WHERE whole_minutes > 0 OR minutes_shared
    UNION ALL
    SELECT tenant, entitlement, partner, reseller, currency, meter_id, day, 'connection', whole_fees, fee_shared, round(fees_amount, 4), fee
    FROM grouped WHERE whole_fees > 0 OR fee_shared
), quantified AS (
    SELECT *, CASE WHEN shared
            -- credits paid part: the line's rounded total ÷ its unit price, half-up to 6 decimals
            THEN (CAST(total * 1000000 AS HUGEINT) * 2000000 + CAST(unit_price * 1000000 AS HUGEINT)) // (2 * CAST(unit_price * 1000000 AS HUGEINT))
            ELSE CAST(whole AS HUGEINT) * 1000000 END AS quantity_micro
    FROM both_kinds
)
-- a share too small to show at 4 decimals makes no line
SELECT sha256(tenant || '|' || entitlement || '|' || partner || '|' || reseller || '|' || currency || '|' || meter_id || '|' || day || '|' || kind) AS id,
    tenant, entitlement, partner, reseller, currency, meter_id, day, kind, quantity_micro, total
FROM quantified WHERE quantity_micro > 0`;

    const totals = `
CREATE OR REPLACE TEMP TABLE sql_totals AS
WITH per_call AS (
    SELECT tenant,
        sum(covered) AS pool_used,
        count(*) FILTER (WHERE rest > 0 AND NOT is_priced) AS missing_calls,
        coalesce(sum(rest) FILTER (WHERE is_priced), 0) AS billable_minutes,
        coalesce(sum(paid) FILTER (WHERE is_priced), 0) AS credits_used,
        coalesce(sum(price) FILTER (WHERE credit_branch), 0) AS credit_draws,
        count(*) FILTER (WHERE credit_branch) AS credit_calls,
        count(*) FILTER (WHERE unpaid_rest AND NOT billed) AS refused_calls,
        first(currency ORDER BY start_ms, usage_id) FILTER (WHERE is_priced) AS first_priced_currency
    FROM rated GROUP BY tenant
), per_currency AS (
    SELECT tenant, currency, coalesce(sum(price - paid) FILTER (WHERE unpaid_rest AND NOT billed), 0) AS refused
    FROM rated GROUP BY tenant, currency
), billed_per_currency AS (
    -- the overage is what the lines bill
    SELECT tenant, currency, sum(total) AS overage FROM sql_lines GROUP BY tenant, currency
), per_lines AS (
    SELECT tenant, count(*) AS lines, sum(quantity_micro) AS lines_quantity, sum(total) AS lines_total,
        sum(CAST('0x' || left(id, 8) AS BIGINT)) AS line_ids
    FROM sql_lines GROUP BY tenant
), main AS (
    SELECT cu.*, pc.* EXCLUDE (tenant), coalesce(cu.credits_currency, pc.first_priced_currency, ${q(firstCardCurrency)}) AS main_currency
    FROM bench_customers cu LEFT JOIN per_call pc ON pc.tenant = cu.tenant
)
SELECT m.tenant,
    coalesce(m.billable_minutes, 0) AS billable_minutes,
    coalesce(m.pool_used, 0) AS pool_used,
    coalesce(m.missing_calls, 0) AS missing_calls,
    CAST(round(coalesce(m.credits_used, 0), 4) * 1000000 AS BIGINT) AS credits_used,
    CASE WHEN m.amount > 0 AND m.credit_calls > 0
        THEN greatest(0, (CAST((m.credit_draws + m.threshold - m.opening) * 1000000 AS HUGEINT) + CAST(m.amount * 1000000 AS HUGEINT) - 1) // CAST(m.amount * 1000000 AS HUGEINT))
        ELSE 0 END AS recharges,
    coalesce(NOT coalesce(m.amount > 0, FALSE) AND m.opening > 0 AND m.credit_draws >= m.opening, FALSE) AS credits_exhausted,
    CAST(coalesce(b.overage, 0) * 1000000 AS BIGINT) AS overage,
    coalesce(m.refused_calls, 0) AS refused_calls,
    CAST(round(coalesce(c.refused, 0), 4) * 1000000 AS BIGINT) AS refused,
    coalesce(l.lines, 0) AS lines,
    coalesce(l.lines_quantity, 0) AS lines_quantity,
    CAST(coalesce(l.lines_total, 0) * 1000000 AS BIGINT) AS lines_total,
    coalesce(l.line_ids, 0) AS line_ids
FROM main m
LEFT JOIN per_currency c ON c.tenant = m.tenant AND c.currency = m.main_currency
LEFT JOIN billed_per_currency b ON b.tenant = m.tenant AND b.currency = m.main_currency
LEFT JOIN per_lines l ON l.tenant = m.tenant`;
    return [rated, lines, totals];
}

export interface SqlRun {
    threads: number;
    /** Wall ms of the three statements (the side tables are loaded before). */
    ms: number;
    /** ms of each statement: rated (read + classify + windows), lines, totals. */
    stepsMs: number[];
    rows: number;
    lines: number;
    totals: Map<string, CustomerTotals>;
}

/** Runs the SQL twin on DuckDB in memory; `threads` undefined: DuckDB's default (one per core). */
export async function runAccrualSql(data: AccrualData, threads?: number): Promise<SqlRun> {
    const files = writeSideTables(data);
    const db = await DuckDBInstance.create(':memory:', threads === undefined ? {} : { threads: String(threads) });
    const conn = await db.connect();
    try {
        await conn.run(loadSql(files));
        const stepsMs: number[] = [];
        const t0 = performance.now();
        for (const statement of accrualSql(data.csvPath, data.month, data.rateCards[0]?.currency ?? '')) {
            const t = performance.now();
            await conn.run(statement);
            stepsMs.push(performance.now() - t);
        }
        const ms = performance.now() - t0;
        const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, string | number | boolean | null>>;
        const used = Number((await rows(`SELECT current_setting('threads') AS t`))[0].t);
        const [{ n }] = await rows('SELECT count(*) AS n FROM rated');
        const [{ l }] = await rows('SELECT count(*) AS l FROM sql_lines');
        const totals = new Map<string, CustomerTotals>();
        for (const r of await rows('SELECT * FROM sql_totals')) {
            totals.set(String(r.tenant), {
                billableMinutes: Number(r.billable_minutes), poolUsed: Number(r.pool_used), missingCalls: Number(r.missing_calls),
                creditsUsed: Number(r.credits_used), recharges: Number(r.recharges), creditsExhausted: r.credits_exhausted === true,
                overage: Number(r.overage), refusedCalls: Number(r.refused_calls), refused: Number(r.refused),
                lines: Number(r.lines), linesQuantity: Number(r.lines_quantity), linesTotal: Number(r.lines_total), lineIds: Number(r.line_ids),
            });
        }
        return { threads: used, ms, stepsMs, rows: Number(n), lines: Number(l), totals };
    } finally {
        conn.closeSync();
        db.closeSync();
    }
}
