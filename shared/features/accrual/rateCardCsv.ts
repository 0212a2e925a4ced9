// Rate cards from CSV, one rate a row:
//   MeterId,MeterName,MeterCategory,Destination,PerMinute,ConnectionFee,Currency,EffectiveFrom
// Rows of one file may belong to several cards: they are grouped by
// (Currency, EffectiveFrom) in the order they first appear. Lines starting
// with `#` are comments; a blank ConnectionFee means none ("0"). Every bad
// cell is reported with its line (1 = the first line of the file) and column,
// and then no card is taken at all.
import { parse } from 'csv-parse/sync';
import { CurrencyCode, IsoDate } from '../../core/domain/primitives';
import { RateCard, RateMoney } from '../../core/domain/rateCard';
import type { StoredRate, StoredRateCard } from './rateCards';

export const RATE_CARD_CSV_COLUMNS = ['MeterId', 'MeterName', 'MeterCategory', 'Destination', 'PerMinute', 'ConnectionFee', 'Currency', 'EffectiveFrom'] as const;
type Column = (typeof RATE_CARD_CSV_COLUMNS)[number];

export interface CsvIssue {
    line: number;
    /** The header name of the cell; null for a problem of the whole row or file. */
    column: Column | null;
    reason: string;
}

/** How many issues are listed at most (a wrong file would otherwise answer with one per cell). */
const MAX_ISSUES = 200;

/** Which rate field a RateCard schema issue names, as a CSV column. */
const FIELD_COLUMNS: Record<string, Column> = {
    meterId: 'MeterId', meterName: 'MeterName', meterCategory: 'MeterCategory', destination: 'Destination', perMinute: 'PerMinute', connectionFee: 'ConnectionFee',
};

export function parseRateCardCsv(text: string): { cards: StoredRateCard[] } | { issues: CsvIssue[] } {
    let records: Array<{ record: string[]; info: { lines: number } }>;
    try {
        records = parse(text, { bom: true, comment: '#', comment_no_infix: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: true }) as unknown as typeof records;
    } catch (err) {
        const e = err as { lines?: number; message?: string };
        return { issues: [{ line: e.lines ?? 1, column: null, reason: `not readable as CSV: ${e.message ?? String(err)}` }] };
    }
    /** The line a record starts on (a quoted cell may span lines). */
    const lineOf = (r: { record: string[]; info: { lines: number } }) => r.info.lines - r.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    if (records.length === 0) return { issues: [{ line: 1, column: null, reason: `the file is empty: send the header ${RATE_CARD_CSV_COLUMNS.join(',')} and one row per rate` }] };

    const [header, ...rows] = records;
    const index = new Map<Column, number>();
    const issues: CsvIssue[] = [];
    for (const column of RATE_CARD_CSV_COLUMNS) {
        const i = header.record.findIndex((h) => h.toLowerCase() === column.toLowerCase());
        if (i < 0) issues.push({ line: lineOf(header), column, reason: `the header has no column ${column} (expected ${RATE_CARD_CSV_COLUMNS.join(',')})` });
        else index.set(column, i);
    }
    if (issues.length) return { issues };
    if (rows.length === 0) return { issues: [{ line: lineOf(header), column: null, reason: 'the file has a header but no rates' }] };

    const cards = new Map<string, { card: StoredRateCard; lines: number[] }>();
    for (const row of rows) {
        const line = lineOf(row);
        const cell = (c: Column) => row.record[index.get(c)!] ?? '';
        const bad = (column: Column | null, reason: string) => void issues.push({ line, column, reason });
        if (row.record.length !== header.record.length) bad(null, `the row has ${row.record.length} cells, the header ${header.record.length}`);
        for (const c of ['MeterId', 'MeterName', 'MeterCategory', 'Destination'] as const) if (!cell(c)) bad(c, `${c} is empty`);
        const price = (c: 'PerMinute' | 'ConnectionFee', blank?: string) => {
            const v = cell(c) || blank;
            if (v === undefined) bad(c, `${c} is empty`);
            else if (!RateMoney.safeParse(v).success) bad(c, `${JSON.stringify(v)} is not a non-negative decimal with at most 6 decimals (e.g. 0.0123)`);
            return v ?? '';
        };
        const perMinute = price('PerMinute');
        const connectionFee = price('ConnectionFee', '0');
        const currency = cell('Currency');
        if (!CurrencyCode.safeParse(currency).success) bad('Currency', `${JSON.stringify(currency)} is not an ISO 4217 code in upper case (e.g. EUR)`);
        const effectiveFrom = cell('EffectiveFrom');
        if (!IsoDate.safeParse(effectiveFrom).success) bad('EffectiveFrom', `${JSON.stringify(effectiveFrom)} is not a day as YYYY-MM-DD`);
        const rate: StoredRate = { meterId: cell('MeterId'), meterName: cell('MeterName'), meterCategory: cell('MeterCategory'), destination: cell('Destination'), perMinute, connectionFee };
        const key = `${currency}:${effectiveFrom}`;
        const group = cards.get(key) ?? cards.set(key, { card: { currency, effectiveFrom, rates: [] }, lines: [] }).get(key)!;
        group.card.rates.push(rate);
        group.lines.push(line);
        if (issues.length >= MAX_ISSUES) break;
    }
    if (issues.length) return { issues: issues.slice(0, MAX_ISSUES) };

    // the card's own rules (one rate per meter, one per category and destination), told by line
    for (const { card, lines } of cards.values()) {
        const checked = RateCard.safeParse(card);
        if (checked.success) continue;
        for (const issue of checked.error.issues) {
            const [, i, field] = issue.path;
            issues.push({ line: typeof i === 'number' ? lines[i] : lines[0], column: FIELD_COLUMNS[String(field)] ?? null, reason: issue.message });
        }
    }
    return issues.length ? { issues: issues.sort((a, b) => a.line - b.line).slice(0, MAX_ISSUES) } : { cards: [...cards.values()].map((g) => g.card) };
}
