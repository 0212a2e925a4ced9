// The accrual bench's two readings of the rules, held to each other at small
// scale: the rating core (fed through the app's CSV reader and row check) and
// its SQL twin on DuckDB (bench/accrualSql.ts), written apart, must give every
// customer the same totals and the same lines.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchRateCards, generateAccrualData, AccrualData, BenchCustomer } from '../../bench/accrualData';
import { rateCsvWithCore } from '../../bench/accrual';
import { compareTotals, grandTotals, runAccrualSql } from '../../bench/accrualSql';
import { USAGE_COLUMNS } from '../../shared/features/usage/usageColumns';

let data: AccrualData;
beforeAll(() => {
    data = generateAccrualData({ customers: 50, calls: 2000, seed: 7, dir: fs.mkdtempSync(path.join(os.tmpdir(), 'too-accrual-sql-')) });
});
afterAll(() => { fs.rmSync(data.dir, { recursive: true, force: true }); });

test('the generator is deterministic', () => {
    const again = generateAccrualData({ customers: 50, calls: 2000, seed: 7, dir: fs.mkdtempSync(path.join(os.tmpdir(), 'too-accrual-sql-')) });
    try {
        // byte for byte (latin1 maps each byte to one character; toEqual would walk a Buffer element by element)
        expect(fs.readFileSync(again.csvPath, 'latin1')).toBe(fs.readFileSync(data.csvPath, 'latin1'));
        expect(again.customers).toEqual(data.customers);
    } finally {
        fs.rmSync(again.dir, { recursive: true, force: true });
    }
});

test('core and DuckDB SQL give every customer the same totals and lines', async () => {
    const core = await rateCsvWithCore(data);
    expect(core.rows).toBe(2000);
    expect(core.bad).toBe(0);
    const sql = await runAccrualSql(data, 1);
    expect(compareTotals(core.totals, sql.totals)).toEqual([]);
    // the split's variants rate the same
    expect(compareTotals(core.totals, (await rateCsvWithCore(data, 'split')).totals)).toEqual([]);
    expect(compareTotals(core.totals, (await rateCsvWithCore(data, 'full', 'csv-parse')).totals)).toEqual([]);
    expect(sql.totals.size).toBe(50);

    // the month exercises every rule: pools, missing rates, credits (partly paid, recharged), overage, refusals, lines
    const sum = grandTotals(core.totals);
    for (const k of ['billableMinutes', 'poolUsed', 'missingCalls', 'creditsUsed', 'recharges', 'overage', 'refusedCalls', 'refused', 'lines']) expect(sum[k]).toBeGreaterThan(0);
    expect([...core.totals.values()].some((t) => t.creditsExhausted)).toBe(true);
});

test('credits running out inside a connection fee, and inside the minutes: both readings give the same fractional quantities', async () => {
    // two customers on the demo card's USD calls to Japan (0.087 a minute, fee 0.01), each with two calls on
    // 5 March: 3 min (0.271) then 2 min (0.184), overage on, no pool.
    // A, 0.004 of credits: they pay part of the first fee. Fee line 0.006 + 0.01 = 0.016 → 0.016 ÷ 0.01 = 1.6 fees;
    //   minutes line 5 min (0.435). Σ Quantity 6.6.
    // B, 0.05 of credits: the first fee and 0.04 of its minutes. Minutes line 0.221 + 0.174 = 0.395 →
    //   0.395 ÷ 0.087 = 4.5402298… → 4.540230 min; fee line 1 fee (0.01). Σ Quantity 5.54023.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'too-accrual-sql-credits-'));
    try {
        const customer = (name: string, opening: string): BenchCustomer => ({
            tenantId: `40000000-0000-4000-8000-00000000000${name === 'a' ? 1 : 2}`, name, domain: `${name}.example`, country: 'US', currency: 'USD', calls: 2,
            pools: [], credits: { opening, currency: 'USD', autoRecharge: null },
            settings: [{ from: null, overageEnabled: true, partnerId: '1001', azureEntitlementId: `sub-${name}` }],
        });
        const customers = [customer('a', '0.004'), customer('b', '0.05')];
        const row = (c: BenchCustomer, id: string, start: string, seconds: number) => [
            id, `call-${id}`, '', 'US', `obj-${c.name}`, `u1@${c.domain}`, 'User One', '+15550100', 'user_out', 'user', 'International', 'JP',
            '+81312345678', start, new Date(Date.parse(start) + seconds * 1000).toISOString(), String(seconds), '0.00', '0.00', 'USD', 'MCOPSTNPP',
        ].join(',');
        const csvPath = path.join(dir, 'usage.csv');
        fs.writeFileSync(csvPath, [USAGE_COLUMNS.join(','), ...customers.flatMap((c) => [
            row(c, `${c.name}1`, '2026-03-05T10:00:00.000Z', 180), row(c, `${c.name}2`, '2026-03-05T11:00:00.000Z', 120),
        ])].join('\n') + '\n');
        const small: AccrualData = { month: '2026-03', seed: 0, dir, csvPath, calls: 4, customers, rateCards: benchRateCards('2026-03') };

        const core = await rateCsvWithCore(small);
        expect([...core.totals.values()].map((t) => [t.lines, t.linesQuantity, t.linesTotal, t.overage, t.creditsUsed])).toEqual([
            [2, 6_600_000, 451_000, 451_000, 4_000],
            [2, 5_540_230, 405_000, 405_000, 50_000],
        ]);
        expect(compareTotals(core.totals, (await runAccrualSql(small, 1)).totals)).toEqual([]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test('the comparison is not vacuous: one rule read differently shows up', async () => {
    const core = await rateCsvWithCore(data);
    // the SQL twin with every pool one minute larger
    const sql = await runAccrualSql({ ...data, customers: data.customers.map((c) => ({ ...c, pools: c.pools.map((p) => ({ ...p, minutes: p.minutes + 1 })) })) }, 1);
    const diff = compareTotals(core.totals, sql.totals, 100);
    expect(diff.length).toBeGreaterThan(0);
    expect(diff.some((d) => 'poolUsed' in d.diff)).toBe(true);
});
