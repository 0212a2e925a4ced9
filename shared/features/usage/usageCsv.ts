// The usage report as a stream of rows, read as it arrives, one chunk at a
// time (a few hundred rows in memory, whatever the file's size), with
// csvScanner.ts. Line numbers are where each record starts, counted as a text
// editor shows them. A record with a stray quote inside a field, or with
// another number of fields than the header, is a bad row; one that leaves
// the reader unsure where the next record starts (text after a closing quote,
// an unclosed quote, a record over 1 MiB) stops the import at that line.
import type { Readable } from 'node:stream';
import { CsvRecordSink, CsvScanner, MalformedCsvError } from './csvScanner';
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
    const file = new UsageFile(input, o.also ?? []);
    try {
        while (!file.header) {
            if (file.done) return { empty: true };
            await file.read();
        }
    } catch (err) {
        file.close();
        throw err;
    }
    if (file.missing) {
        file.close();
        return { missing: file.missing, header: file.header };
    }
    return { header: file.header, rows: file.rows() };
}

/** The scanner's records as the report's rows, a chunk's worth at a time. */
class UsageFile implements CsvRecordSink {
    header: string[] | undefined;
    missing: UsageColumn[] | undefined;
    done = false;
    private at: Int32Array | undefined;
    private alsoAt: number[] = [];
    private batch: UsageInput[] = [];
    /** A MalformedCsvError met after the rows in `batch`. */
    private failure: unknown;
    private readonly scanner = new CsvScanner(MAX_RECORD_BYTES);
    private readonly chunks: AsyncIterator<Buffer | string>;

    constructor(input: Readable, private readonly also: readonly string[]) {
        // not destroyed on return: a refused file must leave the upload unread, not cancel it (the host closes the connection after the answer)
        this.chunks = input.iterator({ destroyOnReturn: false });
    }

    /** Scans the next chunk of the input (at its end, what was left). */
    async read(): Promise<void> {
        let next: IteratorResult<Buffer | string>;
        try {
            next = await this.chunks.next();
        } catch (err) {
            throw new UploadInterruptedError(`the upload ended early: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
        try {
            if (next.done) {
                this.done = true;
                this.scanner.end(this);
            } else {
                this.scanner.push(typeof next.value === 'string' ? Buffer.from(next.value) : next.value, this);
            }
        } catch (err) {
            if (!(err instanceof MalformedCsvError) || !this.header) throw err;
            // the rows before it are the file's too
            this.failure = err;
            this.done = true;
        }
    }

    async *rows(): AsyncGenerator<UsageInput> {
        try {
            for (;;) {
                const batch = this.batch;
                this.batch = [];
                for (const input of batch) yield input;
                if (this.failure) throw this.failure;
                if (this.done) return;
                await this.read();
            }
        } finally {
            this.close();
        }
    }

    close(): void {
        void this.chunks.return?.();
    }

    record(line: number, count: number, strayQuote: number): void {
        const header = this.header;
        if (!header) {
            this.takeHeader(count);
        } else if (this.missing) {
            // refused: the rest is not read
        } else if (strayQuote >= 0) {
            this.batch.push({ line, malformed: { column: header[strayQuote] ?? null, reason: STRAY_QUOTE } });
        } else if (count !== header.length) {
            this.batch.push({ line, malformed: { column: null, reason: `the record has ${count} fields, the header ${header.length}` } });
        } else if (this.alsoAt.length) {
            this.batch.push({ line, row: rowAt(this.scanner, this.at!), also: this.alsoAt.map((i) => (i < 0 ? '' : this.scanner.field(i))) });
        } else {
            this.batch.push({ line, row: rowAt(this.scanner, this.at!) });
        }
    }

    private takeHeader(count: number): void {
        const header = Array.from({ length: count }, (_, i) => this.scanner.field(i).trim());
        this.header = header;
        const matched = matchHeader(header);
        if ('missing' in matched) {
            this.missing = matched.missing;
            return;
        }
        this.at = fieldIndexes(matched.positions);
        const names = header.map((h) => h.toLowerCase());
        this.alsoAt = this.also.map((c) => names.indexOf(c.trim().toLowerCase()));
    }
}
