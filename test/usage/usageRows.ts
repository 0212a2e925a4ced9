// Usage report rows for tests: a valid billable call by default, any column overridden.
import { Readable } from 'node:stream';

export const HEADER = ['UsageId', 'Call ID', 'Conference ID', 'User Location', 'AAD ObjectId', 'UPN', 'User Display Name', 'Caller ID', 'Call Type',
    'Number Type', 'Domestic/International', 'Destination Dialed', 'Destination Number', 'Start Time', 'End Time', 'Duration Seconds',
    'Connection Fee', 'Charge', 'Currency', 'Capability'];

export type Row = Record<string, string>;

/** A domestic outbound call from Germany, billed on Fabrikam's Domestic plan. */
export function call(usageId: string, o: Row = {}): Row {
    return {
        'UsageId': usageId, 'Call ID': `call-${usageId}`, 'Conference ID': '', 'User Location': 'DE', 'AAD ObjectId': '00000000-0000-4000-8000-00000000aa01',
        'UPN': 'anna@fabrikam.example', 'User Display Name': 'Anna', 'Caller ID': '+4930111111', 'Call Type': 'user_out', 'Number Type': 'user',
        'Domestic/International': 'Domestic', 'Destination Dialed': 'Germany', 'Destination Number': '+4930222222',
        'Start Time': '2026-10-05T09:00:00Z', 'End Time': '2026-10-05T09:02:00Z', 'Duration Seconds': '120',
        'Connection Fee': '0', 'Charge': '0', 'Currency': 'EUR', 'Capability': 'MCOPSTN1', ...o,
    };
}

const cell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV text of `rows` under `header` (cells absent from a row are blank). */
export function csv(rows: Row[], header: string[] = HEADER): string {
    return [header.map(cell).join(','), ...rows.map((r) => header.map((h) => cell(r[h] ?? '')).join(','))].join('\n') + '\n';
}

export const stream = (text: string): Readable => Readable.from([Buffer.from(text)]);
