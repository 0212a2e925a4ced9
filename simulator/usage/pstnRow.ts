// One row of Graph's PSTN call log (`microsoft.graph.callRecords.pstnCallLogRow`,
// v1.0, plus `otherPartyCountryCode` from beta), as the simulator serves it,
// and its charge from the simulator's own rating (rules/pstnCharge.ts) unless
// the row gives one. The charge made here is the list price; the month's
// pools (usage/monthLog.ts) take off what they cover.
import { poolOf } from '../rules/minutePools';
import { billedMinute, CallToCharge, chargeOf, minutesOf } from '../rules/pstnCharge';

export interface PstnCallLogRow {
    id: string;
    callId: string;
    userId: string | null;
    userPrincipalName: string | null;
    userDisplayName: string | null;
    startDateTime: string;
    endDateTime: string;
    duration: number;
    charge: number;
    callType: string;
    currency: string;
    calleeNumber: string | null;
    usageCountryCode: string | null;
    tenantCountryCode: string;
    connectionCharge: number;
    callerNumber: string | null;
    destinationContext: 'Domestic' | 'International' | null;
    destinationName: string | null;
    conferenceId: string | null;
    licenseCapability: string | null;
    inventoryType: string | null;
    operator: string;
    callDurationSource: 'microsoft' | 'operator';
    otherPartyCountryCode: string | null;
}

export type UnchargedRow = Omit<PstnCallLogRow, 'charge' | 'connectionCharge'>;

/** A row of the log with its start and end as numbers, for ranges and order. */
export interface LogEntry {
    row: PstnCallLogRow;
    start: number;
    end: number;
    /** What the month's pools need: the pool the call may draw on, its minutes, and how to charge the rest. */
    pooling: Pooling;
}

export interface Pooling {
    pool: string | null;
    minutes: number;
    call: CallToCharge;
    /** The row gave its own charge (or fee): served as given, whatever the pool covers. */
    given: boolean;
}

/**
 * The row with its charge: the one given, or the simulator's rating of it
 * (`destination`: the country called). `unrated` when the rate table has no
 * price for a call the tenant pays for.
 */
export function charged(row: UnchargedRow, destination: string | null, given: { charge?: number; connectionCharge?: number } = {}): LogEntry | { unrated: string } {
    const call: CallToCharge = { callType: row.callType, inventoryType: row.inventoryType, duration: row.duration, destination, usageCountry: row.usageCountryCode, currency: row.currency };
    const rated = chargeOf(call);
    if ('unrated' in rated && given.charge === undefined) return rated;
    const charge = given.charge ?? ('unrated' in rated ? 0 : rated.charge);
    const connectionCharge = given.connectionCharge ?? ('unrated' in rated ? 0 : rated.connectionCharge);
    // the JSON keys in the order of Graph's own example
    const full: PstnCallLogRow = {
        id: row.id, callId: row.callId, userId: row.userId, userPrincipalName: row.userPrincipalName, userDisplayName: row.userDisplayName,
        startDateTime: row.startDateTime, endDateTime: row.endDateTime, duration: row.duration, charge, callType: row.callType, currency: row.currency,
        calleeNumber: row.calleeNumber, usageCountryCode: row.usageCountryCode, tenantCountryCode: row.tenantCountryCode, connectionCharge,
        callerNumber: row.callerNumber, destinationContext: row.destinationContext, destinationName: row.destinationName, conferenceId: row.conferenceId,
        licenseCapability: row.licenseCapability, inventoryType: row.inventoryType, operator: row.operator, callDurationSource: row.callDurationSource,
        otherPartyCountryCode: row.otherPartyCountryCode,
    };
    const pool = poolOf({ kind: billedMinute(call)?.kind ?? null, capability: row.licenseCapability, usageCountry: row.usageCountryCode, destination, destinationContext: row.destinationContext });
    const pooling: Pooling = { pool, minutes: minutesOf(call), call, given: given.charge !== undefined || given.connectionCharge !== undefined };
    return { row: full, start: Date.parse(row.startDateTime), end: Date.parse(row.endDateTime), pooling };
}
