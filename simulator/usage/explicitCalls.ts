// Calls a world (or a test, through the control API) gives one by one: a
// Graph row of which only the start, the duration and the call type are
// needed. What is left out comes from the customer: the tenant's first
// calling user (none for a bot's call), its country and currency, a
// domestic destination, the user's capability; ids are drawn from the tenant
// and the row's place in the list, so they stay the same while the list
// only grows. A `charge` given is served as is (a call Microsoft charged
// differently from the rate table, on purpose); otherwise the simulator
// rates it.
import { randomGuid, seededRandom, seedOf } from '../world/random';
import type { Customer, PstnCallRow } from '../world';
import { countryCodeOf, countryName, currencyOf } from './countries';
import { charged, LogEntry } from './pstnRow';
import { phoneNumber, seatsOf } from './tenantUsers';

/** Each explicit row in full, or why the simulator cannot charge it (a destination or currency its rate table lacks). */
export function explicitCalls(c: Customer): Array<LogEntry | { unrated: string; index: number }> {
    return (c.pstnCalls ?? []).map((row, index) => {
        const entry = explicitCall(c, row, index);
        return 'unrated' in entry ? { ...entry, index } : entry;
    });
}

function explicitCall(c: Customer, row: PstnCallRow, index: number): LogEntry | { unrated: string } {
    const r = seededRandom(seedOf(`${c.tenantId}/explicit/${index}`));
    const bot = row.callType.startsWith('ucap_');
    const seat = bot ? undefined : seatsOf(c)[0];
    const usageCountry = row.usageCountryCode === undefined ? seat?.country ?? c.country : row.usageCountryCode;
    const outbound = !row.callType.endsWith('_in');
    const named = row.destinationName ? countryCodeOf(row.destinationName) : undefined;
    const other = row.otherPartyCountryCode ?? named ?? usageCountry ?? c.country;
    const own = seat?.number ?? phoneNumber(r, c.country);
    const otherNumber = phoneNumber(r, other);
    const start = Date.parse(row.startDateTime);
    const rowOut = {
        id: row.id ?? randomGuid(r),
        callId: row.callId ?? `${r.uint32()}_${r.uint32()}@10.0.0.1`,
        userId: row.userId === undefined ? seat?.userId ?? null : row.userId,
        userPrincipalName: row.userPrincipalName === undefined ? seat?.userPrincipalName ?? null : row.userPrincipalName,
        userDisplayName: row.userDisplayName === undefined ? seat?.userDisplayName ?? null : row.userDisplayName,
        startDateTime: new Date(start).toISOString(),
        endDateTime: row.endDateTime === undefined ? new Date(start + row.duration * 1_000).toISOString() : new Date(Date.parse(row.endDateTime)).toISOString(),
        duration: row.duration,
        callType: row.callType,
        currency: row.currency ?? c.usage?.currency ?? currencyOf(c.country),
        calleeNumber: row.calleeNumber === undefined ? (outbound ? otherNumber : own) : row.calleeNumber,
        usageCountryCode: usageCountry,
        tenantCountryCode: row.tenantCountryCode ?? c.country,
        callerNumber: row.callerNumber === undefined ? (outbound ? own : otherNumber) : row.callerNumber,
        destinationContext: row.destinationContext === undefined ? (outbound ? (other === usageCountry ? 'Domestic' as const : 'International' as const) : null) : row.destinationContext,
        destinationName: row.destinationName === undefined ? countryName(outbound ? other : usageCountry ?? c.country) : row.destinationName,
        conferenceId: row.conferenceId === undefined ? (row.callType.startsWith('conf_') ? String(100_000_000 + (r.uint32() % 900_000_000)) : null) : row.conferenceId,
        licenseCapability: row.licenseCapability === undefined ? (bot ? 'MCOPSTNPP' : seat?.capability ?? null) : row.licenseCapability,
        inventoryType: row.inventoryType === undefined ? 'Subscriber' : row.inventoryType,
        operator: row.operator ?? 'Microsoft',
        callDurationSource: row.callDurationSource ?? 'microsoft',
        otherPartyCountryCode: row.otherPartyCountryCode === undefined ? other : row.otherPartyCountryCode,
    };
    return charged(rowOut, other, { charge: row.charge, connectionCharge: row.connectionCharge });
}
