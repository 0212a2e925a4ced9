// The records of a UTF-8 CSV file that arrives in pieces (RFC 4180: fields
// split by commas, a field quoted whole with "" for a quote), each with the
// line it starts on as a text editor counts lines (CRLF, LF and a lone CR
// each end one). Records end as the file's first line does: at CRLF, at LF
// (CRLF too: a file that mixes them reads as one would expect) or at CR. A
// byte order mark at the start is dropped.
//
// Why not a CSV library: the usage import must say where a file goes wrong
// (the line, the field, and whether reading can go on), and must read a
// month of calls at the speed of the rating after it. csv-parse, which read
// these files before, says where but reads ~110,000 rows a second; udsv reads
// faster but reports neither lines nor bad quoting, drops empty lines unseen
// and pads or merges fields, so a wrong field count cannot be told. Here each
// record costs a search for its end and one for each comma (indexOf, which V8
// makes fast); its fields are copied out only when asked for. The bytes are read as Latin-1
// (one character a byte, so a chunk becomes a string without being decoded,
// and a character split between two chunks is whole again in the record):
// the characters that end fields and records are ASCII, which UTF-8 never
// uses inside a longer character, and a field with other bytes is decoded
// when it is asked for. Fields are handed out as strings of their own, not
// views into the chunk, which would keep all of it in memory as long as one
// of its fields is kept.
//
// What can be wrong with a record, as csv-parse (which read these files
// before) told it:
//   - a quote inside an unquoted field: the record is flagged (its first such
//     field) and read on, the quote as text;
//   - text after a closing quote, a quoted field never closed, a record over
//     the size limit: where the next record starts is unknown, so reading stops
//     (MalformedCsvError, at the line of the offending character, of the
//     opening quote, of the record's start).
// Whether a record has the right number of fields is its reader's business.
import { isAscii } from 'node:buffer';

/** The file cannot be read on from `line`. */
export class MalformedCsvError extends Error {
    constructor(readonly line: number, readonly reason: string) {
        super(`line ${line}: ${reason}`);
    }
}

export const AFTER_CLOSING_QUOTE = 'bad quoting: text follows a closing quote, so where the next record starts is unknown';
export const NEVER_CLOSED = 'bad quoting: a quoted field is never closed';
export const tooLarge = (maxBytes: number) => `a record is larger than ${maxBytes / 1024} KiB (an unclosed quote?)`;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]); // U+FEFF in UTF-8
const HIGH = /[\x80-\xff]/g;
const PIECE_BYTES = 64 * 1024;
/** V8 keeps a slice this long or longer as a view into the string it came from. */
const SLICE_VIEW_LENGTH = 13;

/** How records end: at LF or CRLF, at CRLF only, at CR only. */
const enum Breaks { Unknown, Lf, CrLf, Cr }

/**
 * Fed the file's chunks, hands out its records one at a time: `next()` moves
 * to the next record (false: the chunks fed so far hold no more), whose
 * `line`, `count`, `strayQuote` and fields (`field(i)`) are then readable.
 * One at a time, so that its reader makes each row when it is asked for and
 * the row dies young: with a chunk's rows made ahead, some runs (not all)
 * promoted rows to the old generation and collected it again and again
 * (measured: 18 full collections instead of 1, half again the time).
 */
export class CsvScanner {
    /** The line the current record starts on. */
    line = 0;
    /** How many fields the current record has. */
    count = 0;
    /** The first field of the current record with a quote inside it (not opening it), or -1. */
    strayQuote = -1;

    /** Chunks fed and not yet scanned, in pieces of PIECE_BYTES at most. */
    private readonly pieces: Buffer[] = [];
    private ended = false;
    /** The start of a record the last piece ended in. */
    private carry: Buffer = Buffer.alloc(0);
    private started = false;
    private breaks = Breaks.Unknown;
    /** The line the next record starts on. */
    private nextLine = 1;

    // the bytes being scanned and the same as text, whether the file ends with them, where the next record starts
    // and where the next of each is, at or after where it was last looked for (n: none)
    private bytes: Buffer = Buffer.alloc(0);
    private text = '';
    private n = 0;
    private final = false;
    private pos = 0;
    private comma = -1;
    private quote = -1;
    private lf = -1;
    private cr = -1;
    private high = -1;
    /** The next record break: where it starts, and where the record after it does. */
    private breakAt = -1;
    private breakNext = -1;

    // the current record: where each field is, which are quoted with doubled quotes, where bytes above ASCII are
    private starts = new Int32Array(32);
    private ends = new Int32Array(32);
    private escaped = new Uint8Array(32);
    private anyEscaped = false;
    private highs: number[] = [];
    /** Whether the quoted field closingQuote last found holds a doubled quote. */
    private doubledQuote = false;

    constructor(private readonly maxRecordBytes: number) {}

    /** The next chunk of the file. */
    feed(chunk: Buffer): void {
        // V8 scans a long string measurably slower than several short ones (measured: 1 MiB pieces ~1.5 times 64 KiB ones)
        for (let at = 0; at < chunk.length; at += PIECE_BYTES) this.pieces.push(chunk.subarray(at, at + PIECE_BYTES));
    }

    /** The file has ended: its last record is complete, even without a line break after it. */
    end(): void {
        this.ended = true;
    }

    /** Moves to the next record; false when the chunks fed so far (all of the file, once ended) hold no more. */
    next(): boolean {
        for (;;) {
            while (this.pos < this.n) {
                const next = this.scanRecord(this.pos);
                if (next < 0) break;
                this.pos = next;
                if (this.count > 0) return true;
            }
            if (this.final) return false;
            if (this.n > 0) this.keep(this.bytes.subarray(this.pos));
            const piece = this.pieces.shift();
            if (piece) this.scan(this.carry.length ? Buffer.concat([this.carry, piece]) : piece, false);
            else if (this.ended) this.scan(this.carry, true);
            else return false;
        }
    }

    /** Field `i` of the current record. */
    field(i: number): string {
        const from = this.starts[i];
        const to = this.ends[i];
        const high = this.highIn(from, to);
        if (this.anyEscaped && this.escaped[i] === 1) return this.bytes.toString(high ? 'utf8' : 'latin1', from, to).replaceAll('""', '"');
        if (high) return this.bytes.toString('utf8', from, to);
        // a short slice is a copy; V8 keeps a longer one as a view into the text, which would keep all of it in memory
        return to - from < SLICE_VIEW_LENGTH ? this.text.slice(from, to) : this.bytes.toString('latin1', from, to);
    }

    /** Whether text[from, to) holds a byte above ASCII. */
    private highIn(from: number, to: number): boolean {
        for (const at of this.highs) {
            if (at >= from && at < to) return true;
        }
        return false;
    }

    /** Starts scanning `input` (the carry and a piece, or at the end of the file what is left). */
    private scan(input: Buffer, final: boolean): void {
        let bytes = input;
        this.carry = Buffer.alloc(0);
        if (!this.started) {
            if (!final && bytes.length < BOM.length && BOM.subarray(0, bytes.length).equals(bytes)) return this.keep(bytes);
            if (bytes.subarray(0, BOM.length).equals(BOM)) bytes = bytes.subarray(BOM.length);
            this.started = true;
        }
        const text = bytes.toString('latin1');
        if (this.breaks === Breaks.Unknown && (this.breaks = breaksOf(text, final)) === Breaks.Unknown) return this.keep(bytes);
        this.bytes = bytes;
        this.text = text;
        this.n = text.length;
        this.final = final;
        this.pos = 0;
        this.comma = this.quote = this.lf = this.cr = this.breakAt = this.breakNext = -1;
        this.high = isAscii(bytes) ? this.n : -1;
    }

    /**
     * Scans the record (or the empty line: count 0) at `start`; returns where
     * the next starts, or -1 when the text ends first.
     */
    private scanRecord(start: number): number {
        const { text, n } = this;
        if (this.breakNext <= start) this.findBreak(start);
        if (this.breakAt === start) {
            this.nextLine++;
            this.count = 0;
            return this.breakNext;
        }
        let p = start;
        let k = 0;
        let stray = -1;
        let anyEscaped = false;
        for (;;) {
            if (k === this.starts.length) this.grow();
            if (text.charCodeAt(p) === QUOTE) {
                const q = this.closingQuote(start, p);
                if (q < 0) return -1;
                this.starts[k] = p + 1;
                this.ends[k] = q;
                this.escaped[k++] = this.doubledQuote ? 1 : 0;
                anyEscaped ||= this.doubledQuote;
                p = q + 1;
                if (p === n) return this.found(start, n, n, k, stray, anyEscaped); // the end of the file (closingQuote waits for more otherwise)
                if (text.charCodeAt(p) === COMMA) {
                    p++;
                    continue;
                }
                const b = this.breakLength(p);
                if (b < 0) return -1;
                if (b === 0) throw new MalformedCsvError(this.nextLine + lineBreaks(text, start, p), AFTER_CLOSING_QUOTE);
                return this.found(start, p, p + b, k, stray, anyEscaped);
            }
            if (this.breakNext <= p) this.findBreak(p);
            if (this.comma < p) this.comma = indexOrEnd(text, ',', p);
            if (this.quote < p) this.quote = indexOrEnd(text, '"', p);
            const breakAt = this.breakAt;
            const fieldEnd = this.comma < breakAt ? this.comma : breakAt;
            if (this.quote < fieldEnd && stray < 0) stray = k;
            this.starts[k] = p;
            this.ends[k] = fieldEnd;
            this.escaped[k++] = 0;
            if (fieldEnd < breakAt) {
                p = fieldEnd + 1;
                continue;
            }
            if (breakAt === n && !this.final) return -1;
            return this.found(start, breakAt, this.breakNext, k, stray, anyEscaped);
        }
    }

    /** Makes text[start, end) of `count` fields the current record, counting its lines; returns `next`, where the next record starts. */
    private found(start: number, end: number, next: number, count: number, stray: number, anyEscaped: boolean): number {
        const text = this.text;
        if (end - start > this.maxRecordBytes) throw new MalformedCsvError(this.nextLine, tooLarge(this.maxRecordBytes));
        if (this.lf < start) this.lf = indexOrEnd(text, '\n', start);
        if (this.cr < start) this.cr = indexOrEnd(text, '\r', start);
        if (this.high < start) this.high = nextHigh(text, start);
        this.highs.length = 0;
        while (this.high < end) {
            this.highs.push(this.high);
            this.high = nextHigh(text, this.high + 1);
        }
        this.anyEscaped = anyEscaped;
        this.line = this.nextLine;
        this.count = count;
        this.strayQuote = stray;
        // a line break inside the record, other than the one ending it, has it count its lines
        this.nextLine += this.lf < end || this.cr < end ? lineBreaks(text, start, next) : 1;
        return next;
    }

    /** Finds the first record break at or after `from` (breakAt, breakNext). */
    private findBreak(from: number): void {
        const { text, breaks } = this;
        let nl = text.indexOf(breaks === Breaks.Cr ? '\r' : '\n', from);
        if (breaks === Breaks.CrLf) {
            while (nl >= 0 && text.charCodeAt(nl - 1) !== CR) nl = text.indexOf('\n', nl + 1);
        }
        if (nl < 0) {
            this.breakAt = this.breakNext = this.n;
            return;
        }
        this.breakAt = breaks !== Breaks.Cr && nl > 0 && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        this.breakNext = nl + 1;
    }

    /**
     * The quote closing the quoted field opened at `open` in the record at
     * `start`; -1 when the text ends first (at the end of the file:
     * MalformedCsvError). Sets doubledQuote.
     */
    private closingQuote(start: number, open: number): number {
        const text = this.text;
        this.doubledQuote = false;
        for (let from = open + 1; ;) {
            const q = text.indexOf('"', from);
            if (q < 0) {
                if (this.final) throw new MalformedCsvError(this.nextLine + lineBreaks(text, start, open), NEVER_CLOSED);
                return -1;
            }
            // a quote at the end of the text may be the first of two
            if (q + 1 === this.n) return this.final ? q : -1;
            if (text.charCodeAt(q + 1) !== QUOTE) return q;
            this.doubledQuote = true;
            from = q + 2;
        }
    }

    /** The length of the record break at `i` (0: none; -1: the text ends before it can tell). */
    private breakLength(i: number): number {
        const c = this.text.charCodeAt(i);
        if (this.breaks === Breaks.Cr) return c === CR ? 1 : 0;
        if (c === LF) return this.breaks === Breaks.Lf ? 1 : 0;
        if (c !== CR) return 0;
        if (i + 1 === this.n) return this.final ? 0 : -1;
        return this.text.charCodeAt(i + 1) === LF ? 2 : 0;
    }

    /** Keeps the start of an incomplete record for the next piece; one already too large stops the file. */
    private keep(rest: Buffer): void {
        // a copy: a view would keep the whole chunk
        this.carry = Buffer.from(rest);
        this.bytes = Buffer.alloc(0);
        this.text = '';
        this.n = this.pos = 0;
        if (this.carry.length > this.maxRecordBytes) throw new MalformedCsvError(this.nextLine, tooLarge(this.maxRecordBytes));
    }

    private grow(): void {
        const size = this.starts.length * 2;
        const starts = new Int32Array(size);
        const ends = new Int32Array(size);
        const escaped = new Uint8Array(size);
        starts.set(this.starts);
        ends.set(this.ends);
        escaped.set(this.escaped);
        this.starts = starts;
        this.ends = ends;
        this.escaped = escaped;
    }
}

/** How the file's records end, from its first line break outside quotes (Unknown: none yet). */
function breaksOf(text: string, final: boolean): Breaks {
    let quoted = false;
    let fieldStart = true;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (quoted) {
            if (c !== QUOTE) continue;
            if (i + 1 === text.length && !final) return Breaks.Unknown;
            if (text.charCodeAt(i + 1) === QUOTE) i++;
            else quoted = false;
        } else if (c === QUOTE && fieldStart) {
            quoted = true;
        } else if (c === LF) {
            return Breaks.Lf;
        } else if (c === CR) {
            if (i + 1 === text.length) return final ? Breaks.Cr : Breaks.Unknown;
            return text.charCodeAt(i + 1) === LF ? Breaks.CrLf : Breaks.Cr;
        }
        fieldStart = c === COMMA && !quoted;
    }
    return final ? Breaks.Lf : Breaks.Unknown;
}

/** Line breaks in text[from, to) as an editor counts them: each CR, and each LF but the one of a CRLF. */
function lineBreaks(text: string, from: number, to: number): number {
    let count = 0;
    for (let i = from; i < to; i++) {
        const c = text.charCodeAt(i);
        if (c === CR || (c === LF && text.charCodeAt(i - 1) !== CR)) count++;
    }
    return count;
}

/** Where the next `c` is, at or after `from` (the text's length: none). */
function indexOrEnd(text: string, c: string, from: number): number {
    const at = text.indexOf(c, from);
    return at < 0 ? text.length : at;
}

/** Where the next byte above ASCII is, at or after `from` (the text's length: none). */
function nextHigh(text: string, from: number): number {
    HIGH.lastIndex = from;
    return HIGH.exec(text)?.index ?? text.length;
}
