// Importing PSTN usage through the local host: the CSV upload (both modes,
// re-imports, refusals) and the Service Bus queue, read back the way the
// accrual reads it (readMonthCalls on the app's own store).
import * as http from 'node:http';
import type { UsageCall } from '../../shared/core/rating/ratingModel';
import { appStateStore } from '../helpers/appStateStore';
import { batchId, customersWithUsage, readMonthCalls, USAGE_CONTAINERS, UsageImportDoc } from '../../shared/features/usage/usageStore';
import { AppHost, CUSTOMERS, startAppHost } from '../helpers/appHost';
import { until } from '../helpers/wait';
import { call, csv, Row } from './usageRows';

let h: AppHost;
beforeAll(async () => { h = await startAppHost(); });
afterAll(async () => { await h.stop(); });

const FABRIKAM = CUSTOMERS.fabrikam;
const upload = (text: string, o: { mode?: string; agent?: Parameters<AppHost['as']>[0]; customer?: string; type?: string } = {}) =>
    h.as(o.agent ?? 'contosoAdmin')('POST', `/api/customers/${o.customer ?? FABRIKAM}/usage${o.mode ? `?mode=${o.mode}` : ''}`, text, { 'content-type': o.type ?? 'text/csv' });
async function monthCalls(customer: string, month: string): Promise<UsageCall[]> {
    const out: UsageCall[] = [];
    for await (const c of readMonthCalls(appStateStore(), customer, month)) out.push(c);
    return out;
}
const ids = (calls: UsageCall[]) => calls.map((c) => c.usageId);
const expectProblem = (res: { status: number; headers: Headers; json: any }, status: number, code: string) => {
    expect([res.status, res.json?.code]).toEqual([status, code]);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
};

/** Calls of November 2026, one per hour from `from`, ids `<prefix>-<n>`. */
const hourly = (prefix: string, n: number, o: Row = {}) => Array.from({ length: n }, (_, i) =>
    call(`${prefix}-${i}`, { 'Start Time': new Date(Date.parse('2026-11-02T00:30:00Z') + i * 3_600_000).toISOString(), ...o }));

test('an import, then the same file again: all duplicates; free calls counted, not stored', async () => {
    const rows = [
        call('a-2', { 'Start Time': '2026-10-02T08:00:00+02:00' }),
        call('a-1', { 'Start Time': '2026-10-01T23:30:00-01:00', 'Call Type': 'conf_out', 'Capability': 'MCOMEETADD', 'Destination Dialed': 'United Kingdom' }),
        call('a-3', { 'Call Type': 'user_in', 'Destination Dialed': '' }),
        call('a-4', { 'Start Time': '2026-10-02T06:00:00Z' }),
        call('a-4', { 'Start Time': '2026-10-02T06:00:00Z' }),
        call('a-5', { 'Call Type': 'user_in', 'Number Type': 'toll_free', 'Start Time': '2026-09-30T23:59:59Z' }),
    ];
    const first = await upload(csv(rows));
    expect(first.status).toBe(200);
    expect(first.json).toEqual({
        customerTenantId: FABRIKAM, importId: expect.any(String), mode: 'all-or-nothing', rowsRead: 6, accepted: 4, duplicates: 1, free: 1,
        badRows: 0, badRowsListed: [], months: ['2026-09', '2026-10'], committed: true,
    });
    const october = await monthCalls(FABRIKAM, '2026-10');
    expect(ids(october)).toEqual(['a-1', 'a-2', 'a-4']); // 00:30Z on the 2nd, then a tie at 06:00Z
    expect(october.find((c) => c.usageId === 'a-1')).toEqual({
        usageId: 'a-1', start: Date.parse('2026-10-02T00:30:00Z'), callType: 'conf_out', tollFree: false, international: false,
        destination: 'GB', userLocation: 'DE', durationSeconds: 120, currency: 'EUR', capability: 'MCOMEETADD', source: { kind: 'partner', partnerId: '1001' },
    });
    expect(ids(await monthCalls(FABRIKAM, '2026-09'))).toEqual(['a-5']);
    expect(await customersWithUsage(appStateStore(), '2026-10')).toContain(FABRIKAM);

    const again = await upload(csv(rows));
    expect(again.json).toMatchObject({ rowsRead: 6, accepted: 0, duplicates: 5, free: 1, committed: true });
    expect(ids(await monthCalls(FABRIKAM, '2026-10'))).toEqual(['a-1', 'a-2', 'a-4']);
});

test('all-or-nothing refuses a file with a bad row and leaves nothing behind; skip-bad-rows imports the rest', async () => {
    const rows = [call('b-1', { 'Start Time': '2026-12-01T10:00:00Z' }), call('b-2', { 'Start Time': '2026-12-01T10:00:00' }), call('b-3', { 'Start Time': '2026-12-03T10:00:00Z', 'Capability': 'MCOXYZ' })];
    const refused = await upload(csv(rows));
    expectProblem(refused, 422, 'bad-rows');
    expect(refused.json).toMatchObject({
        mode: 'all-or-nothing', rowsRead: 3, accepted: 1, badRows: 2, committed: false, months: ['2026-12'],
        badRowsListed: [
            { line: 3, column: 'Start Time', reason: 'Start Time has no time zone' },
            { line: 4, column: 'Capability', reason: 'unknown capability MCOXYZ' },
        ],
    });
    expect(await monthCalls(FABRIKAM, '2026-12')).toEqual([]);
    const store = appStateStore();
    expect(await store.read(USAGE_CONTAINERS.imports, FABRIKAM, refused.json.importId)).toBeUndefined();
    expect(await store.read(USAGE_CONTAINERS.batches, FABRIKAM, batchId('2026-12-01', refused.json.importId, 0))).toBeUndefined();
    expect(await store.query<UsageImportDoc>(USAGE_CONTAINERS.imports, { partitionKey: FABRIKAM, where: { status: 'staging' } })).toEqual([]);

    const skipped = await upload(csv(rows), { mode: 'skip-bad-rows' });
    expect(skipped.status).toBe(200);
    expect(skipped.json).toMatchObject({ mode: 'skip-bad-rows', rowsRead: 3, accepted: 1, badRows: 2, committed: true, badRowsListed: [{ line: 3 }, { line: 4 }] });
    expect(ids(await monthCalls(FABRIKAM, '2026-12'))).toEqual(['b-1']);
});

test('a file that cannot be read on is refused at its line, in either mode, and nothing is imported', async () => {
    const text = csv([call('c-1', { 'Start Time': '2027-01-05T10:00:00Z' })]) + '"c-2"x,,,,,,,,,,,,,,,,,,,\n';
    for (const mode of ['all-or-nothing', 'skip-bad-rows']) {
        const res = await upload(text, { mode });
        expectProblem(res, 400, 'malformed-csv');
        expect(res.json.line).toBe(3);
    }
    expect(await monthCalls(FABRIKAM, '2027-01')).toEqual([]);
    // a record csv-parse steps over is a bad row
    const skipped = await upload(csv([call('c-1', { 'Start Time': '2027-01-05T10:00:00Z' })]) + 'c"2,1\n', { mode: 'skip-bad-rows' });
    expect(skipped.json).toMatchObject({ accepted: 1, badRows: 1, badRowsListed: [{ line: 3, column: 'UsageId', reason: expect.stringMatching(/bad quoting/) }] });
});

test('an upload cut off half-way leaves nothing behind', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => call(`f-${i}`, { 'Start Time': new Date(Date.parse('2027-04-01T00:00:00Z') + i * 10_000).toISOString() }));
    const text = csv(rows);
    const req = http.request(`${h.url}/api/customers/${FABRIKAM}/usage`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${await h.token('contosoAdmin')}` } });
    req.on('error', () => undefined);
    req.write(text.slice(0, Math.floor(text.length * 0.8))); // 4,000 rows of one day: two batches written
    const store = appStateStore();
    const staging = () => store.query<UsageImportDoc>(USAGE_CONTAINERS.imports, { partitionKey: FABRIKAM, where: { status: 'staging' } });
    const started = await until(async () => ((await staging())[0]?.days['2027-04-01'] ? (await staging())[0] : undefined), 10_000);
    req.destroy();
    await until(async () => ((await staging()).length === 0 ? true : undefined), 10_000);
    expect(await monthCalls(FABRIKAM, '2027-04')).toEqual([]);
    expect(await store.read(USAGE_CONTAINERS.batches, FABRIKAM, batchId('2027-04-01', started.id, 0))).toBeUndefined();
});

test('an upload refused part-way leaves nothing behind that fails the next request, from any caller (5 of 5)', async () => {
    // ~2 MB each: far more than the app reads before it refuses, so most of the body is still unread when it answers
    const filler = Array.from({ length: 40_000 }, (_, i) => `h-${i},2026-10-01T00:00:00Z,EUR`).join('\n');
    const refusals: Array<[string, () => ReturnType<typeof upload>]> = [
        ['missing-columns', () => upload(`UsageId,Start Time,Currency\n${filler}\n`)],
        ['malformed-csv', () => upload(`${csv([call('h-ok')])}"h-bad"x${','.repeat(19)}\n${filler}\n`)],
        ['unauthenticated', () => h.call('POST', `/api/customers/${FABRIKAM}/usage`, filler, { 'content-type': 'text/csv' })],
    ];
    for (let i = 0; i < 5; i++) {
        const [code, refuse] = refusals[i % refusals.length];
        const refused = await refuse();
        expect([refused.status, refused.json?.code]).toEqual([code === 'unauthenticated' ? 401 : 400, code]);
        expect((await h.call('GET', '/api/health')).status).toBe(200);
        expect((await h.as('litwareAdmin')('GET', `/api/customers/${CUSTOMERS.lucerne}/overage`)).status).toBe(200);
    }
});

test('refusals before any row: token, role, customer, content type, mode, columns, empty file', async () => {
    const text = csv([call('d-1')]);
    expect((await h.call('POST', `/api/customers/${FABRIKAM}/usage`, text, { 'content-type': 'text/csv' })).status).toBe(401);
    expectProblem(await upload(text, { agent: 'contosoSales' }), 403, 'role-not-permitted');
    expectProblem(await upload(text, { agent: 'litwareAdmin' }), 404, 'customer-not-found');
    expectProblem(await upload(text, { type: 'application/json' }), 415, 'unsupported-media-type');
    expectProblem(await upload(text, { mode: 'some' }), 400, 'invalid-request');
    const missing = await upload('UsageId,Start Time,Currency\nd-1,2026-10-01T00:00:00Z,EUR\n');
    expectProblem(missing, 400, 'missing-columns');
    expect(missing.json.missing).toEqual(['Duration Seconds', 'Call Type', 'Number Type', 'Domestic/International', 'Destination Dialed', 'User Location', 'Capability']);
    expectProblem(await upload(''), 400, 'empty-file');
});

test('readMonthCalls: Start Time order (ties by UsageId) across days, batches and imports', async () => {
    // 13,680 calls over three days, sent newest first, in two imports that interleave: each writes two batches a day;
    // calls start in the same second by sevens (ties)
    const all = hourly('e', 72).flatMap((r, i) => Array.from({ length: 190 }, (_, k) => ({ ...r, UsageId: `e-${String(i).padStart(2, '0')}-${String(k).padStart(3, '0')}`, 'Start Time': new Date(Date.parse(r['Start Time']) + (k % 7) * 1000).toISOString() })));
    const reversed = [...all].reverse();
    const a = await upload(csv(reversed.filter((_, i) => i % 2 === 0)));
    const b = await upload(csv(reversed.filter((_, i) => i % 2 === 1)));
    expect([a.json.accepted, b.json.accepted]).toEqual([all.length / 2, all.length / 2]);
    const imports = await appStateStore().query<UsageImportDoc>(USAGE_CONTAINERS.imports, { partitionKey: FABRIKAM, contains: { months: '2026-11' } });
    expect(imports.map((d) => d.days)).toEqual([{ '2026-11-02': 2, '2026-11-03': 2, '2026-11-04': 2 }, { '2026-11-02': 2, '2026-11-03': 2, '2026-11-04': 2 }]);
    const calls = await monthCalls(FABRIKAM, '2026-11');
    expect(calls).toHaveLength(all.length);
    const sorted = [...calls].sort((x, y) => x.start - y.start || (x.usageId < y.usageId ? -1 : 1));
    expect(ids(calls)).toEqual(ids(sorted));
    expect(new Set(ids(calls)).size).toBe(all.length);
    // a later import repeating some of them: duplicates, even with days long passed in the file
    const c = await upload(csv([...all.slice(0, 3), call('e-new', { 'Start Time': '2026-11-03T12:00:00Z' }), ...all.slice(-3)]));
    expect(c.json).toMatchObject({ accepted: 1, duplicates: 6 });
});

describe('the pstn-usage queue', () => {
    const contoso = { partnerId: '1001', agentUpn: 'admin@contoso-telecom.example', agentRoles: 'AdminAgent' };
    const send = (body: unknown, o: { messageId?: string; props?: Record<string, string> } = {}) =>
        h.call('POST', '/admin/queues/pstn-usage/messages', { body, applicationProperties: o.props ?? contoso, ...(o.messageId ? { messageId: o.messageId } : {}) }, { 'x-functions-key': h.host.systemKey });
    const graphRow = (id: string, o: Record<string, unknown> = {}) => ({
        id, callId: `call-${id}`, callType: 'user_out', calleeNumber: '+441234', callerNumber: '+4930', charge: 0, connectionCharge: 0, conferenceId: null,
        currency: 'EUR', destinationContext: 'International', destinationName: 'United Kingdom', duration: 61, startDateTime: '2027-02-03T09:00:00Z',
        endDateTime: '2027-02-03T09:01:01Z', licenseCapability: 'MCOPSTN2', tenantCountryCode: 'DE', usageCountryCode: 'DE', userId: 'x', userPrincipalName: 'a@fabrikam.example', ...o,
    });
    const invocations = () => h.logs.filter((l) => l.function === 'usageQueue' && l.outcome);
    const handled = (n: number) => until(() => (invocations().length >= n ? true : undefined), 10_000);
    const rejectedMessage = async () => {
        await until(async () => ((await h.call('GET', '/admin/queues/pstn-usage-rejected', undefined, { 'x-functions-key': h.host.systemKey })).json.active > 0 ? true : undefined));
        return (await h.host.queues.receive('pstn-usage-rejected'))!.body as any;
    };

    test('Graph rows and report rows are imported; a redelivered message changes nothing', async () => {
        const before = invocations().length;
        const body = { customerTenantId: FABRIKAM, rows: [graphRow('q-1'), graphRow('q-2', { startDateTime: '2027-02-03T08:00:00Z' }), call('q-3', { 'Start Time': '2027-02-04T08:00:00Z' })] };
        expect((await send(body, { messageId: 'usage-msg-1' })).status).toBeLessThan(300);
        await handled(before + 1);
        expect(ids(await monthCalls(FABRIKAM, '2027-02'))).toEqual(['q-2', 'q-1', 'q-3']);
        expect((await send(body, { messageId: 'usage-msg-1' })).status).toBeLessThan(300);
        await handled(before + 2);
        expect(ids(await monthCalls(FABRIKAM, '2027-02'))).toEqual(['q-2', 'q-1', 'q-3']);
        expect(invocations().filter((l) => l.outcome !== 'succeeded')).toEqual([]);
    });

    test('a batch with a bad row is rejected whole, with its reasons; so is a sales agent\'s', async () => {
        await send({ customerTenantId: FABRIKAM, rows: [graphRow('r-1', { startDateTime: '2027-03-01T09:00:00Z' }), graphRow('r-2', { startDateTime: '2027-03-01T09:00:00', licenseCapability: 'MCOPSTN2' })] });
        const rejected = await rejectedMessage();
        expect(rejected).toMatchObject({ deadLetterReason: 'bad-rows', deadLetterErrorDescription: expect.stringContaining('row 2 (startDateTime): Start Time has no time zone') });
        expect(await monthCalls(FABRIKAM, '2027-03')).toEqual([]);

        await send({ customerTenantId: FABRIKAM, rows: [graphRow('r-3')] }, { props: { ...contoso, agentUpn: 'sales@contoso-telecom.example', agentRoles: 'SalesAgent' } });
        expect(await rejectedMessage()).toMatchObject({ deadLetterReason: 'role-not-permitted' });
        await send({ customerTenantId: 'not-a-guid', rows: [] });
        expect(await rejectedMessage()).toMatchObject({ deadLetterReason: 'invalid-request' });
    });

    test('a partner\'s batch of calls made under another partner\'s setting is rejected whole, with the reason', async () => {
        // Lucerne's overage is Contoso's (set outside the app); Litware also sells it licenses
        const litware = { partnerId: '1002', agentUpn: 'admin@litware-voice.example', agentRoles: 'AdminAgent' };
        await send({ customerTenantId: CUSTOMERS.lucerne, rows: [graphRow('o-1', { startDateTime: '2027-05-03T09:00:00Z' })] }, { props: litware });
        expect(await rejectedMessage()).toMatchObject({
            deadLetterReason: 'bad-rows', deadLetterErrorDescription: expect.stringContaining('row 1 (startDateTime): the call started while another partner\'s overage setting was in force'),
        });
        expect(await monthCalls(CUSTOMERS.lucerne, '2027-05')).toEqual([]);
    });
});
