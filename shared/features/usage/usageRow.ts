// One usage row, checked and normalised to the UsageCall the rating reads.
// A row is bad for the first thing wrong with it (one reason, one column).
// Rows the rating never bills (ordinary inbound calls, …) are free: they are
// checked only for what every row has, and their country and currency cells
// may be blank. Microsoft's own charge (Charge, Connection Fee), when the row
// has it, travels with the call as a check on the rating; a free row that
// Microsoft charged is kept for that check.
import { classifyCall } from '../../core/rating/classify';
import { isChargeText } from '../../core/rating/money';
import type { MicrosoftCharges, RatingRules, UsageCall } from '../../core/rating/ratingModel';
import { countryCode } from './countries';
import { parseStartTime } from './startTime';
import type { RawUsageRow, UsageColumn } from './usageColumns';

export type CheckedRow =
    | { kind: 'billable'; call: UsageCall }
    | { kind: 'free'; start: number }
    | { kind: 'bad'; column: UsageColumn | null; reason: string };

const bad = (column: UsageColumn, reason: string): CheckedRow => ({ kind: 'bad', column, reason });
const MAX_USAGE_ID = 256;
const TOLL_FREE = /^toll[-_]?free$/i;
const CALL_TYPE = /^[a-z][a-z0-9_]*$/;
const CURRENCY = /^[A-Z]{3}$/;
const WHOLE = /^\d{1,9}$/;

export function checkUsageRow(row: RawUsageRow, rules: RatingRules): CheckedRow {
    const usageId = row.UsageId.trim();
    if (!usageId) return bad('UsageId', 'UsageId is empty');
    if (usageId.length > MAX_USAGE_ID) return bad('UsageId', `UsageId is longer than ${MAX_USAGE_ID} characters`);
    const start = parseStartTime(row['Start Time']);
    if ('reason' in start) return bad('Start Time', start.reason);
    const duration = row['Duration Seconds'].trim();
    if (!WHOLE.test(duration)) return bad('Duration Seconds', `Duration Seconds ${JSON.stringify(duration)} is not a non-negative whole number`);
    const callType = row['Call Type'].trim().toLowerCase();
    if (!CALL_TYPE.test(callType)) return bad('Call Type', `Call Type ${JSON.stringify(row['Call Type'])} is not a call type`);
    const international = internationalOf(row['Domestic/International']);
    if (international === undefined) return bad('Domestic/International', `Domestic/International ${JSON.stringify(row['Domestic/International'])} is neither Domestic nor International`);
    const currency = row.Currency.trim();
    if (currency && !CURRENCY.test(currency)) return bad('Currency', `Currency ${JSON.stringify(currency)} is not an ISO 4217 code`);
    const charges = microsoftCharges(row);
    if (charges === BAD_CHARGE) return bad('Charge', `Charge ${JSON.stringify(row.Charge.trim())} is not an amount`);
    if (charges === BAD_FEE) return bad('Connection Fee', `Connection Fee ${JSON.stringify(row['Connection Fee'].trim())} is not an amount`);
    const destination = countryCode(row['Destination Dialed']);
    const userLocation = countryCode(row['User Location']);
    // every call has the same fields, Microsoft's charge or not: the rating's hot path sees one object shape
    const call: UsageCall = {
        usageId, start: start.ms, callType, tollFree: TOLL_FREE.test(row['Number Type'].trim()), international,
        destination: destination ?? null, userLocation: userLocation ?? null,
        durationSeconds: Number(duration), currency, capability: row.Capability.trim().toUpperCase(),
        charges,
    };
    const cls = classifyCall(call, rules);
    if (cls.kind === 'free') {
        // a call Microsoft charged that the rules take for free is kept, so the charge check shows it
        if (!charges || (Number(charges.charge ?? 0) === 0 && Number(charges.connectionCharge ?? 0) === 0)) return { kind: 'free', start: call.start };
        if (!currency) return bad('Currency', 'Currency is empty: Microsoft charged the call');
        return { kind: 'billable', call };
    }
    // what the rating needs of a call it bills
    if (!currency) return bad('Currency', 'Currency is empty');
    if (!call.capability) return bad('Capability', 'Capability is empty');
    if (cls.plan === null) return bad('Capability', `unknown capability ${call.capability}`);
    if (destination === undefined) return bad('Destination Dialed', `unknown country ${JSON.stringify(row['Destination Dialed'].trim())}`);
    if (userLocation === undefined) return bad('User Location', `unknown country ${JSON.stringify(row['User Location'].trim())}`);
    if (cls.meterCategory === 'Teams Toll-Free') {
        if (!call.userLocation) return bad('User Location', 'User Location is empty: a toll-free call is rated by where it was answered');
    } else if (!call.destination) {
        return bad('Destination Dialed', 'Destination Dialed is empty: an outbound call is rated by its destination');
    }
    return { kind: 'billable', call };
}

const BAD_CHARGE = Symbol('bad Charge');
const BAD_FEE = Symbol('bad Connection Fee');

/**
 * Microsoft's charges of the row, as the decimal text it gave: none when both
 * cells are blank (a blank one beside the other is null), a bad row when one
 * is not a number. Every row passes here: one object, only for a row with a charge.
 */
function microsoftCharges(row: RawUsageRow): MicrosoftCharges | undefined | typeof BAD_CHARGE | typeof BAD_FEE {
    const charge = row.Charge.trim();
    const fee = row['Connection Fee'].trim();
    if (!charge && !fee) return undefined;
    if (charge && !isChargeText(charge)) return BAD_CHARGE;
    if (fee && !isChargeText(fee)) return BAD_FEE;
    return { charge: charge || null, connectionCharge: fee || null };
}

/** true for International, false for Domestic, null when blank, undefined for anything else. */
function internationalOf(value: string): boolean | null | undefined {
    const v = value.trim().toLowerCase();
    if (!v) return null;
    if (v === 'international') return true;
    if (v === 'domestic') return false;
    return undefined;
}
