// The accrual bench's two readings of the rules, held to each other at small
// scale: the rating core (fed through the app's CSV reader and row check) and
// its SQL twin on DuckDB (bench/accrualSql.ts), written apart, must give every
// customer the same totals and the same lines.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateAccrualData, AccrualData } from '../../bench/accrualData';
import { rateCsvWithCore } from '../../bench/accrual';
import { compareTotals, grandTotals, runAccrualSql } from '../../bench/accrualSql';

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

test('the comparison is not vacuous: one rule read differently shows up', async () => {
    const core = await rateCsvWithCore(data);
    // the SQL twin with every pool one minute larger
    const sql = await runAccrualSql({ ...data, customers: data.customers.map((c) => ({ ...c, pools: c.pools.map((p) => ({ ...p, minutes: p.minutes + 1 })) })) }, 1);
    const diff = compareTotals(core.totals, sql.totals, 100);
    expect(diff.length).toBeGreaterThan(0);
    expect(diff.some((d) => 'poolUsed' in d.diff)).toBe(true);
});
