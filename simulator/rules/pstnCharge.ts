// What Microsoft charges for one PSTN call in Graph's call log (`charge`,
// `connectionCharge`): every call the tenant pays for, at the rate table's
// price, in whole minutes rounded up per call, plus the connection fee.
// `charge` is the whole amount, `connectionCharge` the fee within it. Minutes
// a Calling Plan or Audio Conferencing pool covers (rules/minutePools.ts) are
// not charged: a call its pool covers whole costs nothing, not even its fee;
// a call the pool covers in part is charged the rest and the fee.
import { MinuteKind, rateOf } from './pstnRates';

/** Call types that put a call out to the phone network from a user or a bot. */
const OUTBOUND = new Set(['user_out', 'user_out_conf', 'user_out_transfer', 'user_out_forwarding', 'ucap_out']);
/** The conferencing bridge calling a phone out. */
const DIAL_OUT = new Set(['conf_out']);
/** `inventoryType` of a toll-free number: the tenant pays for the minutes it answers. */
export const TOLL_FREE_INVENTORY = 'TollFree';

export interface CallToCharge {
    callType: string;
    inventoryType: string | null;
    duration: number;
    /** The country called (outbound, dial-out). */
    destination: string | null;
    /** The country the user (or the toll-free number) is in. */
    usageCountry: string | null;
    currency: string;
}

export type Charged = { charge: number; connectionCharge: number } | { unrated: string };

/** What kind of minute the tenant pays for, and where; null for a call it does not pay for (an ordinary inbound call). */
export function billedMinute(call: Pick<CallToCharge, 'callType' | 'inventoryType' | 'destination' | 'usageCountry'>): { kind: MinuteKind; country: string | null } | null {
    if (OUTBOUND.has(call.callType)) return { kind: 'calling', country: call.destination };
    if (DIAL_OUT.has(call.callType)) return { kind: 'conferencing', country: call.destination };
    if (call.callType.endsWith('_in') && call.inventoryType === TOLL_FREE_INVENTORY) return { kind: 'tollFree', country: call.usageCountry };
    return null;
}

/** The whole minutes a call is charged by: its seconds rounded up. */
export const minutesOf = (call: Pick<CallToCharge, 'duration'>) => Math.ceil(call.duration / 60);

/** The charge of a call of which a pool covered `coveredMinutes` (none: the list price). */
export function chargeOf(call: CallToCharge, coveredMinutes = 0): Charged {
    const billed = billedMinute(call);
    // a call never connected costs nothing, not even its connection
    if (!billed || call.duration === 0) return { charge: 0, connectionCharge: 0 };
    const rate = billed.country === null ? undefined : rateOf(billed.kind, billed.country, call.currency);
    if (!rate) return { unrated: `the simulator's rate table has no ${billed.kind} price for ${billed.country ?? 'an unknown country'} in ${call.currency}` };
    const minutes = minutesOf(call) - coveredMinutes;
    if (minutes <= 0) return { charge: 0, connectionCharge: 0 };
    return { charge: round4(minutes * rate.perMinute + rate.connectionFee), connectionCharge: rate.connectionFee };
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
