// What the API tells a person to do (the remedies of its refusals, blockers
// and faults) and the mails it sends say it in words: no route, no HTTP call.
// The machine's links stay in `links` and `href` fields, which this leaves be.
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const MAILS = ['shared/features/handover/mails.ts', 'shared/features/alerts/alertMails.ts'];
const ROUTE = /\/api\/|\b(GET|POST|PUT|PATCH|DELETE) \S*\//;
const LITERAL = /'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g;

function sources(): string[] {
    return ['functions', 'orchestrations', 'activities', 'shared'].flatMap((dir) => fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.startsWith('openapi') && !e.name.startsWith('apiExamples'))
        .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name))));
}

/** The literals a person reads: on a line that gives a remedy, or anywhere in a mail. */
function wordsForPeople(file: string): Array<[string, string]> {
    const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
    const mail = MAILS.includes(file);
    return lines.flatMap((line, i) => {
        if (/^\s*(\/\/|\*)/.test(line) || (!mail && !/remedy|REMEDY/.test(line))) return [];
        return (line.match(LITERAL) ?? []).map((text) => [`${file}:${i + 1}`, text] as [string, string]);
    });
}

test('no remedy the API gives and no mail names a route or an HTTP call', () => {
    const found = sources().flatMap(wordsForPeople);
    expect(found.length).toBeGreaterThan(100);
    expect(found.filter(([, text]) => ROUTE.test(text))).toEqual([]);
});

test('the check sees what it refuses', () => {
    expect(["'Import the month\\'s usage, then POST /api/accruals/2026-10.'", "'Send it again (PUT .../rates).'"].map((t) => ROUTE.test(t))).toEqual([true, true]);
    expect(ROUTE.test("'Import the month\\'s usage, then rate the month.'")).toBe(false);
});
