// The PSTN calls a customer's usage description stands for, one UTC day at a
// time: drawn from a PRNG seeded with the tenant, the description's seed and
// the date, so a day has the same calls (same ids) whenever it is asked for,
// whatever range the question spans. Who calls and how follows the tenant's
// licences (tenantUsers.ts): calling-plan users call out, mostly at home,
// internationally more often on a Domestic and International plan, and get
// calls (some forwarded on to a phone: two rows, one callId); Audio
// Conferencing users' meetings dial phones out, now and then outside Zone A;
// toll-free numbers answer callers. The description's week says how busy each
// weekday is; without one, weekends are quiet.
import { ZONE_A } from '../rules/minutePools';
import { TOLL_FREE_INVENTORY } from '../rules/pstnCharge';
import { randomGuid, Random, seededRandom, seedOf } from '../world/random';
import type { Customer, PstnUsage } from '../world';
import { countryName, currencyOf } from './countries';
import { charged, LogEntry, UnchargedRow } from './pstnRow';
import { phoneNumber, Seat, seatsAt } from './tenantUsers';

export const DAY_MS = 86_400_000;
/** Where international calls and meetings' dial-outs go (every one priced in the rate table). */
const ABROAD = ['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'ES', 'IT', 'AT', 'BE', 'CH', 'SE', 'IE', 'AU', 'JP', 'IN', 'BR', 'MX'] as const;
/** Meetings dial out mostly inside the simulator's Zone A (rules/minutePools.ts), now and then outside it. */
const OUTSIDE_ZONE_A = ABROAD.filter((c) => !ZONE_A.includes(c));
/** Of a tenant's calls, the share its toll-free numbers answer (when it has some). */
const TOLL_FREE_SHARE = 0.2;

const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r.next() * list.length)];

/** The day's calls, in the order drawn (not sorted); calls the rate table cannot price are not drawn. */
export function drawnCallsOfDay(c: Customer, usage: PstnUsage, dayStart: number): LogEntry[] {
    const weight = weekWeight(usage, new Date(dayStart).getUTCDay());
    if (weight === 0) return [];
    const seats = seatsAt(c, dayStart);
    const tollFree = c.tollFreeNumbers ?? [];
    if (seats.length === 0 && tollFree.length === 0) return [];
    const date = new Date(dayStart).toISOString().slice(0, 10);
    const r = seededRandom(seedOf(`${c.tenantId}/${usage.seed ?? 0}/${date}`));
    const draw: Draw = { r, c, currency: usage.currency ?? currencyOf(c.country), dayStart };
    const count = Math.round(usage.callsPerDay * weight * (0.75 + r.next() * 0.5));
    const entries: LogEntry[] = [];
    for (let i = 0; i < count; i++) {
        const rows = tollFree.length > 0 && (seats.length === 0 || r.next() < TOLL_FREE_SHARE)
            ? [tollFreeCall(draw, pick(r, tollFree))]
            : seatCalls(draw, pick(r, seats));
        for (const [row, destination] of rows) {
            const entry = charged(row, destination);
            if (!('unrated' in entry)) entries.push(entry);
        }
    }
    return entries;
}

/** The day's share of callsPerDay: the description's week (Monday first), else working days 1 and weekends 0. */
export function weekWeight(usage: PstnUsage, weekday: number): number {
    if (usage.week) return usage.week[(weekday + 6) % 7];
    return weekday === 0 || weekday === 6 ? 0 : 1;
}

interface Draw {
    r: Random;
    c: Customer;
    currency: string;
    dayStart: number;
}

/** A row and the country it called (for its price). */
type Drawn = [UnchargedRow, string | null];

function seatCalls(d: Draw, seat: Seat): Drawn[] {
    const { r } = d;
    if (seat.plan.kind === 'audioConferencing') {
        const x = r.next();
        if (x < 0.2) return [conferenceCall(d, seat, 'conf_in', seat.country)];
        return [conferenceCall(d, seat, 'conf_out', x < 0.9 ? pick(r, ZONE_A) : pick(r, OUTSIDE_ZONE_A))];
    }
    const abroad = seat.plan.kind === 'domesticInternational' ? 0.2 : 0.06;
    const x = r.next();
    if (x < 0.3) return [userCall(d, seat, 'user_in', seat.country)];
    if (x < 0.34) {
        // answered, then forwarded on to a phone: the same call, two rows
        const inbound = userCall(d, seat, 'user_in', seat.country);
        const start = Date.parse(inbound[0].startDateTime) + 2_000 + Math.floor(r.next() * 20_000);
        return [inbound, userCall(d, seat, 'user_out_forwarding', seat.country, { callId: inbound[0].callId, start })];
    }
    return [userCall(d, seat, 'user_out', r.next() < abroad ? pick(r, ABROAD.filter((c) => c !== seat.country)) : seat.country)];
}

/** A user's call: out to `other` (a country), or in from there. */
function userCall(d: Draw, seat: Seat, callType: string, other: string, o: { callId?: string; start?: number } = {}): Drawn {
    const { r } = d;
    const start = o.start ?? d.dayStart + 7 * 3_600_000 + Math.floor(r.next() * 11 * 3_600_000);
    const duration = 15 + Math.floor(r.next() * r.next() * 1_200);
    const outbound = !callType.endsWith('_in');
    const otherNumber = phoneNumber(r, other);
    return [{
        ...base(d, start, duration, o.callId),
        ...user(seat),
        callType,
        calleeNumber: outbound ? otherNumber : seat.number,
        callerNumber: outbound ? seat.number : otherNumber,
        usageCountryCode: seat.country,
        destinationContext: outbound ? (other === seat.country ? 'Domestic' : 'International') : null,
        destinationName: countryName(outbound ? other : seat.country),
        conferenceId: null,
        licenseCapability: seat.capability,
        inventoryType: 'Subscriber',
        otherPartyCountryCode: other,
    }, outbound ? other : null];
}

/** A meeting's bridge calling a phone out (`conf_out`) or a caller dialling in (`conf_in`), under the organiser's licence. */
function conferenceCall(d: Draw, seat: Seat, callType: 'conf_in' | 'conf_out', other: string): Drawn {
    const { r } = d;
    const start = d.dayStart + 7 * 3_600_000 + Math.floor(r.next() * 11 * 3_600_000);
    const duration = 300 + Math.floor(r.next() * 2_400);
    const bridge = phoneNumber(r, seat.country);
    const phone = phoneNumber(r, other);
    const out = callType === 'conf_out';
    return [{
        ...base(d, start, duration),
        ...user(seat),
        callType,
        calleeNumber: out ? phone : bridge,
        callerNumber: out ? bridge : phone,
        usageCountryCode: seat.country,
        destinationContext: out ? (other === seat.country ? 'Domestic' : 'International') : null,
        destinationName: countryName(out ? other : seat.country),
        conferenceId: String(100_000_000 + (r.uint32() % 900_000_000)),
        licenseCapability: seat.capability,
        inventoryType: 'Service',
        otherPartyCountryCode: other,
    }, out ? other : null];
}

/**
 * A caller reaching one of the tenant's toll-free numbers, answered by an
 * auto attendant or call queue (a bot: no user), in the tenant's country;
 * the tenant pays its minutes from Communications Credits (MCOPSTNPP).
 */
function tollFreeCall(d: Draw, number: string): Drawn {
    const { r, c } = d;
    const start = d.dayStart + 7 * 3_600_000 + Math.floor(r.next() * 11 * 3_600_000);
    const duration = 30 + Math.floor(r.next() * r.next() * 900);
    return [{
        ...base(d, start, duration),
        userId: null, userPrincipalName: null, userDisplayName: null,
        callType: 'ucap_in',
        calleeNumber: number,
        callerNumber: phoneNumber(r, c.country),
        usageCountryCode: c.country,
        destinationContext: null,
        destinationName: countryName(c.country),
        conferenceId: null,
        licenseCapability: 'MCOPSTNPP',
        inventoryType: TOLL_FREE_INVENTORY,
        otherPartyCountryCode: c.country,
    }, null];
}

function base(d: Draw, start: number, duration: number, callId?: string) {
    const { r } = d;
    return {
        id: randomGuid(r),
        callId: callId ?? `${r.uint32()}_${r.uint32()}@10.${r.uint32() % 256}.${r.uint32() % 256}.${r.uint32() % 256}`,
        startDateTime: new Date(start).toISOString(),
        endDateTime: new Date(start + duration * 1_000).toISOString(),
        duration,
        currency: d.currency,
        tenantCountryCode: d.c.country,
        operator: 'Microsoft',
        callDurationSource: 'microsoft' as const,
    };
}

function user(seat: Seat) {
    return { userId: seat.userId, userPrincipalName: seat.userPrincipalName, userDisplayName: seat.userDisplayName };
}
