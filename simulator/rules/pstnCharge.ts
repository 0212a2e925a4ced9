// What Microsoft charges for one PSTN call in Graph's call log (`charge`,
// `connectionCharge`): every call the tenant pays for, at the rate table's
// price, in whole minutes rounded up per call, plus the connection fee.
// `charge` is the whole amount, `connectionCharge` the fee within it.
// Simplification (docs/simulator.md): Microsoft's real log charges nothing
// for minutes a Calling Plan or Audio Conferencing pool covers; the simulator
// keeps no pools and charges every billable call, so the app's own rating
// (which does) is what decides what a partner bills.
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

export function chargeOf(call: CallToCharge): Charged {
    const billed = billedMinute(call);
    // a call never connected costs nothing, not even its connection
    if (!billed || call.duration === 0) return { charge: 0, connectionCharge: 0 };
    const rate = billed.country === null ? undefined : rateOf(billed.kind, billed.country, call.currency);
    if (!rate) return { unrated: `the simulator's rate table has no ${billed.kind} price for ${billed.country ?? 'an unknown country'} in ${call.currency}` };
    const minutes = Math.ceil(call.duration / 60);
    return { charge: round4(minutes * rate.perMinute + rate.connectionFee), connectionCharge: rate.connectionFee };
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
