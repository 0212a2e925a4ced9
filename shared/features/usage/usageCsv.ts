// The usage report as a stream of rows, read with csv-parse as it arrives
// (one record in memory at a time, whatever the file's size). Line numbers
// are where each record starts, counted as a text editor shows them. A
// malformed record csv-parse can step over (a stray quote inside a field, a
// wrong number of fields) is a bad row; one that leaves the parser unsure
// where the next record starts (text after a closing quote, an unclosed
// quote, a record over 1 MiB) stops the import at that line.
import { parse, type Options } from 'csv-parse';
import type { Readable } from 'node:stream';
import { matchHeader, RawUsageRow, rowOf, UsageColumn } from './usageColumns';

export type UsageInput =
    | { line: number; row: RawUsageRow }
    | { line: number; malformed: { column: string | null; reason: string } };

/** The file cannot be read on from `line`. */
export class MalformedCsvError extends Error {
    constructor(readonly line: number, readonly reason: string) {
        super(`line ${line}: ${reason}`);
    }
}

/** The upload ended before the file did (the client went away, or the host's size limit cut it). */
export class UploadInterruptedError extends Error {}

export type OpenedCsv =
    | { empty: true }
    | { missing: UsageColumn[]; header: string[] }
    | { header: string[]; rows: AsyncIterable<UsageInput> };

const NONE: Parsed['malformedBefore'] = [];
const MAX_RECORD_BYTES = 1024 * 1024;
const FATAL: Record<string, string> = {
    CSV_INVALID_CLOSING_QUOTE: 'bad quoting: text follows a closing quote, so where the next record starts is unknown',
    CSV_QUOTE_NOT_CLOSED: 'bad quoting: a quoted field is never closed',
    CSV_MAX_RECORD_SIZE: `a record is larger than ${MAX_RECORD_BYTES / 1024} KiB (an unclosed quote?)`,
};

interface CsvErrorLike { code?: string; message: string; lines?: number; records?: number; empty_lines?: number; column?: number; record?: unknown[] }
interface Parsed { line: number; values: string[]; malformedBefore: Array<{ line: number; column: string | null; reason: string }> }

/** Reads the header; the rows follow from the same stream. A refused header leaves the rest of the upload unread. */
export async function openUsageCsv(input: Readable): Promise<OpenedCsv> {
    let header: string[] = [];
    let lastEnd = 0;
    let lastEmpty = 0;
    let malformed: Parsed['malformedBefore'] = [];
    let lastSkip = '';
    const onSkip = (err: CsvErrorLike | undefined): undefined => {
        const line = lastEnd + 1 + ((err?.empty_lines ?? lastEmpty) - lastEmpty);
        if (!err?.code || FATAL[err.code]) throw new MalformedCsvError(err?.lines ?? line, FATAL[err?.code ?? ''] ?? err?.message ?? 'unreadable CSV');
        // a stray quote is often followed by a wrong field count: one record, one bad row
        const at = `${err.lines}:${err.records}`;
        if (at === lastSkip) return undefined;
        lastSkip = at;
        malformed.push({ line, ...describe(err, header) });
        lastEnd = err.lines ?? line;
        lastEmpty = err.empty_lines ?? lastEmpty;
        return undefined;
    };
    // runs in step with onSkip, so each record carries the malformed ones read just before it
    const onRecord = (values: string[], ctx: { lines: number; empty_lines: number }): Parsed => {
        const line = lastEnd + 1 + (ctx.empty_lines - lastEmpty);
        lastEnd = ctx.lines;
        lastEmpty = ctx.empty_lines;
        if (!header.length) header = values.map((h) => h.trim());
        if (!malformed.length) return { line, values, malformedBefore: NONE };
        const before = malformed;
        malformed = [];
        return { line, values, malformedBefore: before };
    };
    const options: Options = {
        bom: true, skip_empty_lines: true, skip_records_with_error: true, max_record_size: MAX_RECORD_BYTES,
        on_skip: onSkip as Options['on_skip'], on_record: onRecord as unknown as Options['on_record'],
    };
    const parser = parse(options);
    // not pipeline(): a refused file must leave the upload unread, not cancel it (the host closes the connection after the answer)
    input.on('error', (err) => parser.destroy(err));
    input.pipe(parser);
    const records = parser[Symbol.asyncIterator]() as AsyncIterator<Parsed>;
    const first = await next(records);
    if (first.done) return { empty: true };
    const matched = matchHeader(header);
    if ('missing' in matched) {
        await records.return?.();
        return { missing: matched.missing, header };
    }
    return { header, rows: rows(records, matched.positions, () => malformed) };
}

async function* rows(records: AsyncIterator<Parsed>, positions: Record<UsageColumn, number>, leftover: () => Parsed['malformedBefore']): AsyncGenerator<UsageInput> {
    try {
        for (;;) {
            const r = await next(records);
            if (r.done) break;
            for (const m of r.value.malformedBefore) yield { line: m.line, malformed: { column: m.column, reason: m.reason } };
            yield { line: r.value.line, row: rowOf(r.value.values, positions) };
        }
        for (const m of leftover()) yield { line: m.line, malformed: { column: m.column, reason: m.reason } };
    } finally {
        await records.return?.();
    }
}

/** A record, or the stream's failure as a MalformedCsvError or an UploadInterruptedError. */
async function next(records: AsyncIterator<Parsed>): Promise<IteratorResult<Parsed>> {
    try {
        return await records.next();
    } catch (err) {
        if (err instanceof MalformedCsvError) throw err;
        throw new UploadInterruptedError(`the upload ended early: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
}

function describe(err: CsvErrorLike, header: string[]): { column: string | null; reason: string } {
    if (err.code === 'INVALID_OPENING_QUOTE') {
        return { column: header[err.column ?? -1] ?? null, reason: 'bad quoting: a quote inside an unquoted field (quote the whole field and double the quote)' };
    }
    if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
        return { column: null, reason: `the record has ${err.record?.length ?? 'another number of'} fields, the header ${header.length}` };
    }
    return { column: null, reason: err.message };
}
