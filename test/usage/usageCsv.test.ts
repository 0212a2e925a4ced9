// Reading the usage report: header matching, every reason a row is bad, the
// country names the report uses, Graph's getPstnCalls rows, and the report
// read chunk by chunk as an upload arrives.
import { Readable } from 'node:stream';
import { ratingRules } from '../../shared/core/rating/ratingRules';
import { rowOfGraph, isGraphRow } from '../../shared/features/usage/graphUsage';
import { countryCode } from '../../shared/features/usage/countries';
import { fieldIndexes, matchHeader, rowAt, rowOf, rowOfObject } from '../../shared/features/usage/usageColumns';
import { MalformedCsvError, openUsageCsv, UploadInterruptedError, UsageInput } from '../../shared/features/usage/usageCsv';
import { checkUsageRow } from '../../shared/features/usage/usageRow';
import { call, csv, HEADER, Row, stream } from './usageRows';

const rules = ratingRules({});

async function read(text: string): Promise<UsageInput[]> {
    const opened = await openUsageCsv(stream(text));
    if (!('rows' in opened)) throw new Error(`not opened: ${JSON.stringify(opened)}`);
    const out: UsageInput[] = [];
    for await (const r of opened.rows) out.push(r);
    return out;
}

const check = (o: Row) => checkUsageRow(rowOfObject(call('u1', o)), rules);
const reason = (o: Row) => {
    const c = check(o);
    return c.kind === 'bad' ? [c.column, c.reason] : c.kind;
};

describe('header', () => {
    test('matched in any case and order, trimmed, extra columns ignored', async () => {
        const header = [' capability ', 'CURRENCY', 'Extra', 'duration seconds', 'start time', 'usageid', 'call type', 'NUMBER TYPE', 'domestic/international', 'Destination dialed', 'user location'];
        const text = `${header.join(',')}\nMCOPSTN1,EUR,whatever,60,2026-10-01T10:00:00+02:00,u1,USER_OUT,,Domestic,DE,DE\n`;
        const rows = await read(text);
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ line: 2, row: { 'UsageId': 'u1', 'Capability': 'MCOPSTN1', 'Start Time': '2026-10-01T10:00:00+02:00', 'Duration Seconds': '60' } });
        const checked = checkUsageRow((rows[0] as any).row, rules);
        expect(checked).toEqual({ kind: 'billable', call: expect.objectContaining({ usageId: 'u1', start: Date.parse('2026-10-01T08:00:00Z'), callType: 'user_out', international: false, destination: 'DE', tollFree: false }) });
    });

    test('missing columns are named before any row is read', async () => {
        const opened = await openUsageCsv(stream('UsageId,Start Time,Charge\nu1,2026-10-01T10:00:00Z,0\n'));
        expect(opened).toEqual(expect.objectContaining({ missing: ['Duration Seconds', 'Call Type', 'Number Type', 'Domestic/International', 'Destination Dialed', 'User Location', 'Currency', 'Capability'] }));
        expect(matchHeader(HEADER)).toHaveProperty('positions');
    });

    test('an empty file, and one with a byte order mark', async () => {
        expect(await openUsageCsv(stream(''))).toEqual({ empty: true });
        expect(await read(`\uFEFF${csv([call('u1')])}`)).toHaveLength(1);
    });
});

describe('malformed records', () => {
    test('a stray quote or a wrong field count is a bad row at its line; reading goes on', async () => {
        const good = csv([call('u1')]).split('\n')[1];
        const text = `${HEADER.join(',')}\n${good}\n\n${good.replace('u1', 'u"2')}\n${good},extra\n"multi\nline",${good.split(',').slice(1).join(',')}\n${good.replace('u1', 'u5')}\n`;
        const rows = await read(text);
        expect(rows.map((r) => ('malformed' in r ? [r.line, 'malformed', r.malformed.column] : [r.line, r.row.UsageId]))).toEqual([
            [2, 'u1'], [4, 'malformed', 'UsageId'], [5, 'malformed', null], [6, 'multi\nline'], [8, 'u5'],
        ]);
        expect((rows[1] as any).malformed.reason).toMatch(/bad quoting/);
        expect((rows[2] as any).malformed.reason).toMatch(/21 fields, the header 20/);
    });

    test('text after a closing quote stops the file at that line', async () => {
        const good = csv([call('u1')]).split('\n')[1];
        await expect(read(`${HEADER.join(',')}\n${good}\n"u2"x,${good.split(',').slice(1).join(',')}\n${good}\n`)).rejects.toMatchObject({ line: 3, reason: expect.stringMatching(/bad quoting/) });
        await expect(read(`${HEADER.join(',')}\n${good}\n"u2,${good.split(',').slice(1).join(',')}\n`)).rejects.toBeInstanceOf(MalformedCsvError);
    });
});

describe('rows', () => {
    test('normalised: lower-case call type, upper-case capability, toll-free spellings, Domestic/International', () => {
        expect(check({ 'Call Type': 'USER_OUT', 'Capability': 'mcopstn1', 'Domestic/International': 'INTERNATIONAL', 'Destination Dialed': 'united states' }))
            .toEqual({ kind: 'billable', call: expect.objectContaining({ callType: 'user_out', capability: 'MCOPSTN1', international: true, destination: 'US' }) });
        for (const t of ['toll_free', 'TollFree', 'Toll-Free']) {
            expect(check({ 'Call Type': 'user_in', 'Number Type': t, 'User Location': 'us' })).toEqual({ kind: 'billable', call: expect.objectContaining({ tollFree: true, userLocation: 'US' }) });
        }
        expect(check({ 'Domestic/International': '' })).toEqual({ kind: 'billable', call: expect.objectContaining({ international: null }) });
        expect(check({ 'Call Type': 'user_in', 'Currency': '', 'Capability': '', 'Destination Dialed': 'Atlantis' })).toEqual({ kind: 'free', start: Date.parse('2026-10-05T09:00:00Z') });
    });

    test('every reason a row is bad', () => {
        expect(reason({ UsageId: ' ' })).toEqual(['UsageId', 'UsageId is empty']);
        expect(reason({ 'Start Time': '2026-10-05T09:00:00' })).toEqual(['Start Time', 'Start Time has no time zone']);
        expect(reason({ 'Start Time': '2026-10-05' })).toEqual(['Start Time', 'Start Time has no time zone']);
        expect(reason({ 'Start Time': '10/5/2026 9:00 AM' })).toEqual(['Start Time', 'Start Time is not an ISO 8601 date and time']);
        expect(reason({ 'Start Time': '2026-09-31T09:00:00Z' })).toEqual(['Start Time', 'Start Time is not a valid date and time']);
        expect(reason({ 'Duration Seconds': '-5' })).toEqual(['Duration Seconds', expect.stringContaining('not a non-negative whole number')]);
        expect(reason({ 'Duration Seconds': '1.5' })).toEqual(['Duration Seconds', expect.stringContaining('not a non-negative whole number')]);
        expect(reason({ 'Duration Seconds': 'abc' })).toEqual(['Duration Seconds', expect.stringContaining('not a non-negative whole number')]);
        expect(reason({ 'Currency': 'EURO' })).toEqual(['Currency', 'Currency "EURO" is not an ISO 4217 code']);
        expect(reason({ 'Currency': 'eur' })).toEqual(['Currency', 'Currency "eur" is not an ISO 4217 code']);
        expect(reason({ 'Currency': '' })).toEqual(['Currency', 'Currency is empty']);
        expect(reason({ 'Capability': 'MCOPSTN9' })).toEqual(['Capability', 'unknown capability MCOPSTN9']);
        expect(reason({ 'Destination Dialed': 'Atlantis' })).toEqual(['Destination Dialed', 'unknown country "Atlantis"']);
        expect(reason({ 'User Location': 'XX' })).toEqual(['User Location', 'unknown country "XX"']);
        expect(reason({ 'Destination Dialed': '' })).toEqual(['Destination Dialed', expect.stringContaining('Destination Dialed is empty')]);
        expect(reason({ 'Call Type': 'user_in', 'Number Type': 'toll_free', 'User Location': '' })).toEqual(['User Location', expect.stringContaining('User Location is empty')]);
        expect(reason({ 'Domestic/International': 'Abroad' })).toEqual(['Domestic/International', expect.stringContaining('neither Domestic nor International')]);
        expect(reason({ 'Call Type': 'user out!' })).toEqual(['Call Type', expect.stringContaining('is not a call type')]);
    });

    test('start times with offsets and fractions', () => {
        const start = (t: string) => { const c = check({ 'Start Time': t }); return c.kind === 'billable' ? c.call.start : c; };
        expect(start('2026-10-05T09:00:00.1234567Z')).toBe(Date.parse('2026-10-05T09:00:00.123Z'));
        expect(start('2026-10-05 11:00:00+02:00')).toBe(Date.parse('2026-10-05T09:00:00Z'));
        expect(start('2026-10-05T04:30-0430')).toBe(Date.parse('2026-10-05T09:00:00Z'));
    });
});

test('countries: codes in any case, English names, alpha-3; nothing else', () => {
    expect(['de', 'GB', 'United Kingdom', 'united states', 'Germany', 'Czech Republic', 'DEU', ''].map(countryCode)).toEqual(['DE', 'GB', 'GB', 'US', 'DE', 'CZ', 'DE', null]);
    expect(['XX', 'Atlantis', 'ZZZ'].map(countryCode)).toEqual([undefined, undefined, undefined]);
});

test('Graph getPstnCalls rows map to report columns', () => {
    const graph = {
        id: 'g1', callId: 'c1', callType: 'user_out', calleeNumber: '+441234', callerNumber: '+4930', charge: 0.1, connectionCharge: 0, conferenceId: null,
        currency: 'GBP', destinationContext: 'International', destinationName: 'United Kingdom', duration: 61, startDateTime: '2026-10-05T09:00:00Z',
        endDateTime: '2026-10-05T09:01:01Z', licenseCapability: 'MCOPSTN2', tenantCountryCode: 'DE', usageCountryCode: 'DE', userId: 'x', userPrincipalName: 'a@b.example',
    };
    expect(isGraphRow(graph)).toBe(true);
    expect(isGraphRow(call('u1'))).toBe(false);
    expect(checkUsageRow(rowOfGraph(graph), rules)).toEqual({ kind: 'billable', call: {
        usageId: 'g1', start: Date.parse('2026-10-05T09:00:00Z'), callType: 'user_out', tollFree: false, international: true,
        destination: 'GB', userLocation: 'DE', durationSeconds: 61, currency: 'GBP', capability: 'MCOPSTN2',
        // Microsoft's own charge travels with the call, as a check on the rating
        charges: { charge: '0.1', connectionCharge: '0' },
    } });
    const withFee = checkUsageRow(rowOfGraph({ ...graph, charge: 0.0276, connectionCharge: null }), rules);
    expect(withFee).toMatchObject({ kind: 'billable', call: { charges: { charge: '0.0276', connectionCharge: null } } });
    const uncharged = checkUsageRow(rowOfGraph({ ...graph, charge: null, connectionCharge: undefined }), rules);
    expect(uncharged).toMatchObject({ kind: 'billable', call: { charges: undefined } });
    // toll-free only when the row says so
    expect(rowOfGraph({ ...graph, callType: 'user_in', isTollFree: true })['Number Type']).toBe('toll_free');
    expect(rowOfGraph({ ...graph, callType: 'user_in', numberType: 'TollFree' })['Number Type']).toBe('TollFree');
    expect(rowOfGraph({ ...graph, callType: 'user_in', calleeNumber: '+18005550100' })['Number Type']).toBe('');
    // Graph's own field for the number's kind
    const tollFree = checkUsageRow(rowOfGraph({ ...graph, callType: 'user_in', inventoryType: 'TollFree' }), rules);
    expect(tollFree.kind === 'billable' && tollFree.call.tollFree).toBe(true);
    const subscriber = checkUsageRow(rowOfGraph({ ...graph, callType: 'user_out', inventoryType: 'Subscriber' }), rules);
    expect(subscriber.kind === 'billable' && subscriber.call.tollFree).toBe(false);
});

describe("Microsoft's charge on a row", () => {
    const charged = (o: Row) => {
        const c = check(o);
        return c.kind === 'billable' ? c.call.charges : c;
    };

    test('Charge and Connection Fee as the text the row gives (in its currency); a blank one beside the other is null; both blank: none', () => {
        expect(charged({ 'Charge': ' 0.0276 ', 'Connection Fee': '0.01' })).toEqual({ charge: '0.0276', connectionCharge: '0.01' });
        expect(charged({ 'Charge': '1.5E-5', 'Connection Fee': '' })).toEqual({ charge: '1.5E-5', connectionCharge: null });
        expect(charged({ 'Charge': '', 'Connection Fee': '0.2' })).toEqual({ charge: null, connectionCharge: '0.2' });
        expect(charged({ 'Charge': '-0.25', 'Connection Fee': '0' })).toEqual({ charge: '-0.25', connectionCharge: '0' });
        expect(charged({ 'Charge': '', 'Connection Fee': ' ' })).toBeUndefined();
    });

    test('a charge that is not a number is a bad row, in its own column', () => {
        expect(reason({ 'Charge': '0,03' })).toEqual(['Charge', 'Charge "0,03" is not an amount']);
        expect(reason({ 'Connection Fee': 'free' })).toEqual(['Connection Fee', 'Connection Fee "free" is not an amount']);
    });

    test('a file without the two columns is read, its calls without a charge', async () => {
        const header = HEADER.filter((h) => h !== 'Charge' && h !== 'Connection Fee');
        expect(matchHeader(header)).toMatchObject({ positions: { 'Charge': -1, 'Connection Fee': -1 } });
        const [first] = await read(csv([call('u1', { 'Charge': '9.99' })], header));
        if (!('row' in first)) throw new Error('not a row');
        expect(checkUsageRow(first.row, rules)).toMatchObject({ kind: 'billable', call: { charges: undefined } });
    });

    test('a call the rules take for free is kept when Microsoft charged it (the check shows it), not otherwise', () => {
        const inbound = { 'Call Type': 'user_in', 'Number Type': 'user' };
        expect(check({ ...inbound, 'Charge': '0' })).toEqual({ kind: 'free', start: Date.parse('2026-10-05T09:00:00Z') });
        expect(check({ ...inbound, 'Charge': '0.12' })).toMatchObject({ kind: 'billable', call: { callType: 'user_in', charges: { charge: '0.12', connectionCharge: '0' } } });
        expect(check({ ...inbound, 'Charge': '0.00', 'Connection Fee': '0' })).toEqual({ kind: 'free', start: Date.parse('2026-10-05T09:00:00Z') });
        expect(reason({ ...inbound, 'Charge': '0.12', 'Currency': '' })).toEqual(['Currency', 'Currency is empty: Microsoft charged the call']);
    });
});

describe('read as the upload arrives', () => {
    const good = csv([call('u1')]).split('\n')[1];
    const chunks = (...parts: Array<string | Buffer>) => Readable.from(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    async function readFrom(input: Readable): Promise<{ got: UsageInput[]; error?: unknown }> {
        const opened = await openUsageCsv(input);
        if (!('rows' in opened)) throw new Error(`not opened: ${JSON.stringify(opened)}`);
        const got: UsageInput[] = [];
        try {
            for await (const r of opened.rows) got.push(r);
        } catch (error) {
            return { got, error };
        }
        return { got };
    }

    test('the same rows wherever the chunks end: a quoted field, a CRLF, a character of several bytes cut in two', async () => {
        const text = `\uFEFF${HEADER.join(',')}\r\n${good.replace('Germany', '"Côte d\'Ivoire, ""CI"""')}\r\n\r\n${good.replace('u1', 'u2')}\r\n`;
        const bytes = Buffer.from(text);
        const whole = (await readFrom(chunks(bytes))).got;
        expect(whole).toEqual([
            { line: 2, row: expect.objectContaining({ 'UsageId': 'u1', 'Destination Dialed': 'Côte d\'Ivoire, "CI"', 'Capability': 'MCOPSTN1' }) },
            { line: 4, row: expect.objectContaining({ 'UsageId': 'u2', 'Destination Dialed': 'Germany', 'Capability': 'MCOPSTN1' }) },
        ]);
        for (let cut = 0; cut <= bytes.length; cut++) {
            expect([cut, (await readFrom(chunks(bytes.subarray(0, cut), bytes.subarray(cut)))).got]).toEqual([cut, whole]);
        }
    });

    test('rows before a record that stops the file are read, then the file is refused at its line', async () => {
        const { got, error } = await readFrom(chunks(`${HEADER.join(',')}\n${good}\n`, `${good.replace('u1', 'u2')}\n"u3"x,\n${good}\n`));
        expect(got.map((r) => r.line)).toEqual([2, 3]);
        expect(error).toEqual(new MalformedCsvError(4, 'bad quoting: text follows a closing quote, so where the next record starts is unknown'));
    });

    test('a record over 1 MiB stops the file at its line', async () => {
        const { got, error } = await readFrom(chunks(`${HEADER.join(',')}\n${good}\n"${'x'.repeat(600_000)}`, `${'x'.repeat(600_000)}",${good}\n`));
        expect(got).toHaveLength(1);
        expect(error).toEqual(new MalformedCsvError(3, 'a record is larger than 1024 KiB (an unclosed quote?)'));
    });

    test('an upload cut short: the rows read, then UploadInterruptedError', async () => {
        async function* cut() {
            yield Buffer.from(`${HEADER.join(',')}\n${good}\n${good.slice(0, 20)}`);
            throw new Error('aborted');
        }
        const { got, error } = await readFrom(Readable.from(cut()));
        expect(got).toHaveLength(1);
        expect(error).toBeInstanceOf(UploadInterruptedError);
    });

    test('a refused header leaves the rest of the upload unread, and the upload open', async () => {
        const input = chunks('UsageId,Charge\n', 'u1,0\n'.repeat(1000), 'u2,0\n');
        expect(await openUsageCsv(input)).toMatchObject({ missing: expect.arrayContaining(['Start Time']) });
        expect(input.destroyed).toBe(false);
        expect(input.readableEnded).toBe(false);
        let rest = '';
        for await (const c of input) rest += String(c);
        expect(rest.endsWith('u2,0\n')).toBe(true);
    });

    test('columns asked for besides the required ones come with each row', async () => {
        const opened = await openUsageCsv(stream(csv([call('u1'), call('u2', { UPN: 'ben@fabrikam.example' })])), { also: ['upn', 'Nothing'] });
        const rows: UsageInput[] = [];
        for await (const r of (opened as { rows: AsyncIterable<UsageInput> }).rows) rows.push(r);
        expect(rows.map((r) => ('row' in r ? r.also : r))).toEqual([['anna@fabrikam.example', ''], ['ben@fabrikam.example', '']]);
    });
});

test('rowAt reads a record as rowOf does', () => {
    const header = [...HEADER].reverse();
    const values = header.map((h) => `${h}!`);
    const matched = matchHeader(header);
    if (!('positions' in matched)) throw new Error('columns missing');
    expect(rowAt({ field: (i) => values[i] }, fieldIndexes(matched.positions))).toEqual(rowOf(values, matched.positions));
});
