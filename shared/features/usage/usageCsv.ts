// The usage report as a stream of rows, read as it arrives, one chunk at a
// time (one chunk in memory, whatever the file's size; each row made when it
// is asked for), with csvScanner.ts. Line numbers are where each record starts, counted as a text
// editor shows them. A record with a stray quote inside a field, or with
// another number of fields than the header, is a bad row; one that leaves
// the reader unsure where the next record starts (text after a closing quote,
// an unclosed quote, a record over 1 MiB) stops the import at that line.
import type { Readable } from 'node:stream';
import { CsvScanner } from './csvScanner';
import { fieldIndexes, matchHeader, RawUsageRow, rowAt, UsageColumn } from './usageColumns';

export { MalformedCsvError } from './csvScanner';

export type UsageInput =
    | { line: number; row: RawUsageRow; also?: string[] }
    | { line: number; malformed: { column: string | null; reason: string } };

/** The upload ended before the file did (the client went away, or the host's size limit cut it). */
export class UploadInterruptedError extends Error {}

export type OpenedCsv =
    | { empty: true }
    | { missing: UsageColumn[]; header: string[] }
    | { header: string[]; rows: AsyncIterable<UsageInput> };

export interface OpenOptions {
    /** Columns to read besides the required ones, into each row's `also` in this order ('' where the header lacks one). */
    also?: readonly string[];
}

const MAX_RECORD_BYTES = 1024 * 1024;
const STRAY_QUOTE = 'bad quoting: a quote inside an unquoted field (quote the whole field and double the quote)';

/** Reads the header; the rows follow from the same stream. A refused header leaves the rest of the upload unread. */
export async function openUsageCsv(input: Readable, o: OpenOptions = {}): Promise<OpenedCsv> {
    const file = new UsageFile(input);
    let header: string[];
    try {
        const first = await file.nextRecord();
        if (!first) return { empty: true };
        header = file.header();
    } catch (err) {
        file.close();
        throw err;
    }
    const matched = matchHeader(header);
    if ('missing' in matched) {
        file.close();
        return { missing: matched.missing, header };
    }
    const names = header.map((h) => h.toLowerCase());
    const alsoAt = (o.also ?? []).map((c) => names.indexOf(c.trim().toLowerCase()));
    return { header, rows: file.rows(header, fieldIndexes(matched.positions), alsoAt) };
}

/** The upload's records, scanned as its chunks arrive, each made into a row when it is asked for. */
class UsageFile {
    private readonly scanner = new CsvScanner(MAX_RECORD_BYTES);
    private readonly chunks: AsyncIterator<Buffer | string>;

    constructor(input: Readable) {
        // not destroyed on return: a refused file must leave the upload unread, not cancel it (the host closes the connection after the answer)
        this.chunks = input.iterator({ destroyOnReturn: false });
    }

    /** Moves to the next record, reading chunks as needed; false at the end of the file. */
    async nextRecord(): Promise<boolean> {
        while (!this.scanner.next()) {
            let next: IteratorResult<Buffer | string>;
            try {
                next = await this.chunks.next();
            } catch (err) {
                throw new UploadInterruptedError(`the upload ended early: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
            }
            if (next.done) {
                this.scanner.end();
                return this.scanner.next();
            }
            this.scanner.feed(typeof next.value === 'string' ? Buffer.from(next.value) : next.value);
        }
        return true;
    }

    /** The current record as the header. */
    header(): string[] {
        return Array.from({ length: this.scanner.count }, (_, i) => this.scanner.field(i).trim());
    }

    async *rows(header: string[], at: Int32Array, alsoAt: number[]): AsyncGenerator<UsageInput> {
        const scanner = this.scanner;
        try {
            while (await this.nextRecord()) {
                const { line, count, strayQuote } = scanner;
                if (strayQuote >= 0) yield { line, malformed: { column: header[strayQuote] ?? null, reason: STRAY_QUOTE } };
                else if (count !== header.length) yield { line, malformed: { column: null, reason: `the record has ${count} fields, the header ${header.length}` } };
                else if (alsoAt.length) yield { line, row: rowAt(scanner, at), also: alsoAt.map((i) => (i < 0 ? '' : scanner.field(i))) };
                else yield { line, row: rowAt(scanner, at) };
            }
        } finally {
            this.close();
        }
    }

    close(): void {
        void this.chunks.return?.();
    }
}
