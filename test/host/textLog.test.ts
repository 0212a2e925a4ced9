// The local host's log for a person at a terminal: when it is chosen (a TTY,
// or LOG_FORMAT), when it has colour (never with NO_COLOR), and what each
// line says; the banner names where to go and never holds the key.
import { banner } from '../../local/log/banner';
import { entryLine, requestLine, shortPath } from '../../local/log/textLines';
import { textLog } from '../../local/log/textLog';
import { logFormat, paint, useColour } from '../../local/log/terminal';

const plain = paint(false);
const AT = new Date(2026, 10, 29, 9, 5, 7); // local time: the lines show the machine's clock
const tty = { isTTY: true, hasColors: () => true };

describe('which format and whether colour', () => {
    test('JSON lines unless stdout is a terminal; LOG_FORMAT decides either way', () => {
        expect(logFormat({}, {})).toBe('json');
        expect(logFormat({}, { isTTY: false })).toBe('json');
        expect(logFormat({}, tty)).toBe('text');
        expect(logFormat({ LOG_FORMAT: 'json' }, tty)).toBe('json');
        expect(logFormat({ LOG_FORMAT: 'TEXT' }, {})).toBe('text');
        expect(() => logFormat({ LOG_FORMAT: 'pretty' }, tty)).toThrow('LOG_FORMAT must be json or text, not "pretty"');
    });

    test('colour on a terminal that has it, not with NO_COLOR, not when piped', () => {
        expect(useColour({}, tty)).toBe(true);
        expect(useColour({ NO_COLOR: '1' }, tty)).toBe(false);
        expect(useColour({ NO_COLOR: '' }, tty)).toBe(true); // no-color.org: set and not empty
        expect(useColour({}, { isTTY: true, hasColors: () => false })).toBe(false);
        expect(useColour({}, { isTTY: false, hasColors: () => true })).toBe(false);
        expect(paint(true).red('x')).toBe('\x1b[31mx\x1b[39m');
    });
});

describe('the lines', () => {
    test('a request: time, method, path without its query, status and time taken', () => {
        expect(requestLine({ method: 'GET', path: '/api/customers', status: 200, durationMs: 12.4, completed: true }, plain, AT)).toBe('09:05:07 GET    /api/customers 200 12 ms');
        expect(requestLine({ method: 'POST', path: '/api/accruals/2026-11', status: 503, durationMs: 1530, completed: false }, plain, AT))
            .toBe('09:05:07 POST   /api/accruals/2026-11 503 1.5 s (the client left before the answer was sent)');
        expect(requestLine({ method: 'GET', path: '/x', status: 404, durationMs: 1, completed: true }, paint(true), AT)).toContain('\x1b[33m404\x1b[39m');
        // the simulated Microsoft APIs the app calls are dimmed, the app's own routes are not
        expect(requestLine({ method: 'PUT', path: '/simulator/partnercenter/v1/x', status: 202, durationMs: 1, completed: true }, paint(true), AT)).toContain('\x1b[2mPUT    /simulator/partnercenter/v1/x\x1b[22m');
        expect(requestLine({ method: 'GET', path: '/api/customers', status: 200, durationMs: 1, completed: true }, paint(true), AT)).toContain(' GET    /api/customers ');
    });

    test("an approval link's token is cut, so a line stays a line", () => {
        const token = `eyJhbGciOiJIUzI1NiJ9.${'a'.repeat(200)}.sig`;
        expect(shortPath(`/api/approvals/${token}`)).toBe('/api/approvals/eyJhbGciOiJI…');
        expect(shortPath('/api/customers/10000000-0000-4000-8000-000000000007/overage')).toBe('/api/customers/10000000-0000-4000-8000-000000000007/overage');
    });

    test('a run step names the run and the step; a failure says why', () => {
        const step = { ts: '', level: 'info', function: 'setOverage', trigger: 'activityTrigger', invocationId: 'i', durationMs: 35, outcome: 'succeeded', instanceId: 'enableOverage-abc' };
        expect(entryLine(step, plain, AT)).toBe('09:05:07 run enableOverage-abc step setOverage 35 ms');
        expect(entryLine({ ...step, outcome: 'failed', error: 'Partner Center answered 503' }, plain, AT))
            .toBe('09:05:07 run enableOverage-abc step setOverage 35 ms failed: Partner Center answered 503');
    });

    test('what the request line or the run already says is left out; failures and other triggers are not', () => {
        const invocation = { ts: '', level: 'info', invocationId: 'i', durationMs: 3, outcome: 'succeeded' };
        expect(entryLine({ ...invocation, function: 'getOverage', trigger: 'httpTrigger' }, plain, AT)).toBeUndefined();
        expect(entryLine({ ...invocation, function: 'enableOverage', trigger: 'orchestrationTrigger', instanceId: 'enableOverage-abc' }, plain, AT)).toBeUndefined();
        expect(entryLine({ ...invocation, function: 'enableOverage', trigger: 'orchestrationTrigger', instanceId: 'enableOverage-abc', outcome: 'failed', error: 'Non-deterministic workflow detected' }, plain, AT))
            .toBe('09:05:07 run enableOverage-abc enableOverage failed: Non-deterministic workflow detected');
        expect(entryLine({ ...invocation, function: 'readModelSync', trigger: 'timerTrigger', durationMs: 1200 }, plain, AT)).toBe('09:05:07 timer readModelSync 1.2 s');
        expect(entryLine({ ...invocation, function: 'enablementRequests', trigger: 'serviceBusTrigger' }, plain, AT)).toBe('09:05:07 queue enablementRequests 3 ms');
    });

    test("the app's own lines keep their words; the host's start is the banner's to say", () => {
        expect(entryLine({ level: 'warning', function: 'usagePull', category: 'user', message: 'consent missing for 1 customer' }, plain, AT)).toBe('09:05:07 usagePull: consent missing for 1 customer');
        expect(entryLine({ level: 'debug', function: 'x', category: 'system', message: 'noise' }, plain, AT)).toBeUndefined();
        expect(entryLine({ level: 'info', message: 'Host started on http://localhost:7071', functions: ['a [httpTrigger]'] }, plain, AT)).toBeUndefined();
    });
});

describe('the banner', () => {
    const facts = {
        url: 'http://localhost:7071', functionCount: 67, dataDir: '/repo/.data', key: 'generated' as const,
        links: [['Console', 'http://localhost:7071/api/console'], ['API docs', undefined], ['Mailbox', 'http://localhost:7071/simulator/mailbox']] as Array<[string, string | undefined]>,
    };

    test('names where to go, the data dir and how to get the key; leaves out what is not served', () => {
        expect(banner(facts, plain).split('\n')).toEqual([
            '',
            'Local host ready on http://localhost:7071 (67 functions)',
            '  Console       http://localhost:7071/api/console',
            '  Mailbox       http://localhost:7071/simulator/mailbox',
            '  Data          /repo/.data',
            '  Operator key  npm run key prints it (x-functions-key)',
            'One line per request and run step follows; LOG_FORMAT=json for JSON lines. Ctrl+C stops.',
            '',
        ]);
        expect(banner({ ...facts, key: 'configured' }, plain)).toContain('  Operator key  DURABLE_SYSTEM_KEY, as you set it');
    });

    test('lines logged while the host starts wait for the banner', () => {
        let out = '';
        const log = textLog(plain, (t) => { out += t; });
        log.sinks.onAnswered!({ method: 'GET', path: '/admin/queues/q', status: 200, durationMs: 2, completed: true });
        expect(out).toBe('');
        log.open('BANNER');
        log.sinks.onAnswered!({ method: 'GET', path: '/api/health', status: 200, durationMs: 2, completed: true });
        expect(out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d /, ''))).toEqual(['BANNER', 'GET    /admin/queues/q 200 2 ms', 'GET    /api/health 200 2 ms', '']);
    });
});
