// The usage report's CSV scanner: the records and the lines they start on,
// whatever the chunks the file arrives in (a quoted field, a CRLF, a UTF-8
// character or the byte order mark cut in two), held to csv-parse on the
// same text and to line numbers counted as the text was written.
import { parse } from 'csv-parse/sync';
import { prng } from '../../bench/accrualData';
import { CsvScanner, MalformedCsvError } from '../../shared/features/usage/csvScanner';

interface Got { line: number; fields: string[]; stray: number }

/** Every record of `bytes`, fed to the scanner in pieces cut at `cuts`. */
function scan(bytes: Buffer, cuts: number[] = [], maxRecordBytes = 1024 * 1024): Got[] {
    const scanner = new CsvScanner(maxRecordBytes);
    const got: Got[] = [];
    const take = () => {
        while (scanner.next()) got.push({ line: scanner.line, stray: scanner.strayQuote, fields: Array.from({ length: scanner.count }, (_, i) => scanner.field(i)) });
    };
    let from = 0;
    for (const cut of [...cuts].sort((a, b) => a - b)) {
        scanner.feed(bytes.subarray(from, cut));
        take();
        from = cut;
    }
    scanner.feed(bytes.subarray(from));
    take();
    scanner.end();
    take();
    return got;
}

const text = (s: string) => Buffer.from(s, 'utf8');
/** Every way of cutting `bytes` in two, and in three at neighbouring bytes. */
const everyCut = (bytes: Buffer) => Array.from({ length: bytes.length + 1 }, (_, i) => [[i], [i, i + 1]]).flat();

describe('chunk edges: the same records wherever the file is cut', () => {
    const cases: Record<string, string> = {
        'a quoted field with a comma, a line break and doubled quotes': 'a,"b, ""c""\nd",e\nf,g,h\n',
        'a doubled quote right at the end of a field': 'a,"say ""hi""",c\nd,"""",f\n',
        'CRLF line ends': 'a,b,c\r\nd,"e\r\nf",g\r\n\r\nh,i,j\r\n',
        'multi-byte UTF-8: 2, 3 and 4 bytes': 'Zürich,€ 5,😀\n"Müller, Jürgen",日本,x\n',
        'a byte order mark': '\ufeffUsageId,b\nx,y\n',
        'no line break at the end': 'a,b\n"c\nd",e',
        // how records end is read from the first line break outside quotes
        'an LF file whose first line break is a CRLF inside quotes': '"a\r\nb",c\nd,e\n',
    };
    for (const [name, csv] of Object.entries(cases)) {
        test(name, () => {
            const bytes = text(csv);
            const whole = scan(bytes);
            expect(whole.map((r) => r.fields)).toEqual(parse(csv, { bom: true, skip_empty_lines: true }));
            for (const cuts of everyCut(bytes)) expect([cuts, scan(bytes, cuts)]).toEqual([cuts, whole]);
        });
    }

    test('lines where each record starts: quoted line breaks, empty lines, CRLF', () => {
        const lines = (csv: string) => scan(text(csv)).map((r) => r.line);
        expect(lines('a\n"b\nc\nd"\n\n\ne\n')).toEqual([1, 2, 7]);
        expect(lines('a\r\n"b\r\nc"\r\n\r\ne\r\n')).toEqual([1, 2, 5]);
        // a file of CR line ends (old Mac), and a lone CR inside an LF file's quoted field: an editor shows a line break for each
        expect(lines('a\r"b\rc"\rd\r')).toEqual([1, 2, 4]);
        expect(lines('a\n"b\rc"\nd\n')).toEqual([1, 2, 4]);
    });
});

test('random files, cut at random: the records csv-parse reads, at the lines they were written on', () => {
    const rnd = prng(20261005);
    const cells = ['plain', '', 'with, comma', 'with "quotes"', 'two\nlines', 'crlf\r\ninside', 'ünïcödé €', '😀', '"', ',', 'x'.repeat(300)];
    const quote = (c: string) => (/[",\r\n]/.test(c) || (c === '' && rnd() < 0.3) ? `"${c.replace(/"/g, '""')}"` : c);
    const editorBreaks = (s: string) => (s.match(/\r\n|\r|\n/g) ?? []).length;
    for (const eol of ['\n', '\r\n']) {
        for (let file = 0; file < 20; file++) {
            let csv = file % 2 ? '\ufeff' : '';
            const lines: number[] = [];
            let line = 1;
            for (let r = 0; r < 200; r++) {
                const record = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => quote(cells[Math.floor(rnd() * cells.length)])).join(',');
                if (record === '') continue; // an empty line, not a record
                lines.push(line);
                const blank = rnd() < 0.05 ? eol : '';
                csv += record + eol + blank;
                line += editorBreaks(record + eol + blank);
            }
            const bytes = text(csv);
            const cuts = Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * bytes.length));
            const got = scan(bytes, cuts);
            expect(got.map((r) => r.fields)).toEqual(parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true }));
            expect(got.map((r) => r.line)).toEqual(lines);
        }
    }
});

describe('what is wrong with a record', () => {
    test('a quote inside an unquoted field flags the record (its first such field); the quote is read as text', () => {
        expect(scan(text('a,b"c,d"e\nf,g\n'))).toEqual([{ line: 1, stray: 1, fields: ['a', 'b"c', 'd"e'] }, { line: 2, stray: -1, fields: ['f', 'g'] }]);
        // a quote opening a later field still quotes it
        expect(scan(text('a"b,"c\nd",e\nf\n'))).toEqual([{ line: 1, stray: 0, fields: ['a"b', 'c\nd', 'e'] }, { line: 3, stray: -1, fields: ['f'] }]);
    });

    test('text after a closing quote stops the file at the line of that text', () => {
        expect(() => scan(text('a,b\n"c\nd"x,e\nf\n'))).toThrow(expect.objectContaining({ line: 3, reason: expect.stringMatching(/text follows a closing quote/) }));
        // in a file of CRLF line ends, a quoted field closed before a lone LF
        expect(() => scan(text('a\r\n"b"\nc\r\n'))).toThrow(expect.objectContaining({ line: 2 }));
    });

    test('a quoted field never closed stops the file at the line of its opening quote', () => {
        expect(() => scan(text('a,b\nc,"d\ne\n\nf\n'))).toThrow(new MalformedCsvError(2, 'bad quoting: a quoted field is never closed'));
    });

    test('a record over the limit stops the file at its first line, complete or not, without holding more than the limit', () => {
        const big = (n: number) => `a\nb,"${'x'.repeat(n)}\n`;
        expect(() => scan(text(big(2000) + '"\nc\n'), [], 1024)).toThrow(new MalformedCsvError(2, 'a record is larger than 1 KiB (an unclosed quote?)'));
        expect(scan(text(big(1000) + '"\nc\n'), [], 1024).map((r) => r.line)).toEqual([1, 2, 4]);
        // an unclosed quote in a long stream: refused once the record outgrows the limit, not at the end of the stream
        const scanner = new CsvScanner(1024);
        scanner.feed(text(big(100)));
        let fed = 0;
        expect(() => {
            for (; fed < 1000; fed++) {
                scanner.feed(text('y'.repeat(100)));
                while (scanner.next());
            }
        }).toThrow(MalformedCsvError);
        expect(fed).toBeLessThan(10);
    });

    test('the limit counts UTF-8 bytes', () => {
        const record = `"${'€'.repeat(400)}"\n`; // 1,200 bytes, 400 characters
        expect(() => scan(text(record), [], 1024)).toThrow(MalformedCsvError);
        expect(scan(text(record), [], 2048)).toHaveLength(1);
    });
});

test('a file mixing CRLF and LF (a file of LF line ends): CRLF ends a record too, without a CR in the last field', () => {
    expect(scan(text('a,b\n"c",d\r\ne,"f"\r\ng,h\n'))).toEqual([
        { line: 1, stray: -1, fields: ['a', 'b'] },
        { line: 2, stray: -1, fields: ['c', 'd'] },
        { line: 3, stray: -1, fields: ['e', 'f'] },
        { line: 4, stray: -1, fields: ['g', 'h'] },
    ]);
    // a file of CRLF line ends keeps a lone LF as text, as csv-parse did
    expect(scan(text('a,b\r\nc\nd,e\r\n')).map((r) => r.fields)).toEqual([['a', 'b'], ['c\nd', 'e']]);
});

test('bytes that are no UTF-8 read as U+FFFD, as a Buffer decodes them', () => {
    const bytes = Buffer.concat([text('a,b\nc,'), Buffer.from([0xff, 0xc3]), text(',d\n')]);
    expect(scan(bytes)[1].fields).toEqual(['c', Buffer.from([0xff, 0xc3]).toString('utf8'), 'd']);
});
