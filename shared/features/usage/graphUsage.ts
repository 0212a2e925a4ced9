// Microsoft Graph's getPstnCalls rows (callRecords/pstnCallLogRow) as report
// rows. Graph's `inventoryType` is the report's Number Type; a row is
// toll-free only when it says so (`inventoryType` or a `numberType` like the
// report's toll-free, or `isTollFree: true`). A toll-free
// number is never guessed from `calleeNumber`: prefixes differ by country and
// a wrong guess would bill an ordinary inbound call. Microsoft's `charge`,
// `connectionCharge` and `currency` are kept with the call (the charge check).
import { RawUsageRow, text, UsageColumn } from './usageColumns';

/** The report column each Graph field stands for. */
export const GRAPH_FIELDS: Record<UsageColumn, string> = {
    'UsageId': 'id',
    'Call Type': 'callType',
    'Domestic/International': 'destinationContext',
    'Destination Dialed': 'destinationName',
    'Duration Seconds': 'duration',
    'Start Time': 'startDateTime',
    'Capability': 'licenseCapability',
    'User Location': 'usageCountryCode',
    'Currency': 'currency',
    'Number Type': 'numberType',
    // Microsoft's own charge, kept as a check on the rating (shared/core/rating/chargeCheck.ts)
    'Charge': 'charge',
    'Connection Fee': 'connectionCharge',
};

/** Fields only Graph rows carry: one of them makes a queued row a Graph row. */
const GRAPH_MARKERS = ['id', 'callId', 'startDateTime', 'licenseCapability', 'destinationContext', 'usageCountryCode'];

export function isGraphRow(fields: Record<string, unknown>): boolean {
    return GRAPH_MARKERS.some((f) => f in fields);
}

export function rowOfGraph(fields: Record<string, unknown>): RawUsageRow {
    const row = {} as RawUsageRow;
    for (const [column, field] of Object.entries(GRAPH_FIELDS) as Array<[UsageColumn, string]>) row[column] = text(fields[field]);
    // Graph's pstnCallLogRow names the number's kind in `inventoryType` (the report's Number Type: Subscriber, Service, toll-free)
    if (!row['Number Type'] && typeof fields.inventoryType === 'string') row['Number Type'] = fields.inventoryType;
    if (!row['Number Type'] && fields.isTollFree === true) row['Number Type'] = 'toll_free';
    return row;
}
