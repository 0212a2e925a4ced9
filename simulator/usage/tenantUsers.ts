// The people who make a tenant's PSTN calls: one user for each calling
// licence (a subscription or a direct licence with a calling plan), in the
// order the world lists them, each with an id, a sign-in name, a phone
// number, the country of its plan and the capability it calls under. Drawn
// from the tenant id, so the same world has the same users every time.
import { COUNTRIES } from './countries';
import { CallingPlan, capabilityOf } from './capabilities';
import { randomGuid, seededRandom, seedOf } from '../world/random';
import type { Customer } from '../world';

export interface Seat {
    userId: string;
    userPrincipalName: string;
    userDisplayName: string;
    /** The user's own number, E.164. */
    number: string;
    /** The usage location: the country of the licence's plan. */
    country: string;
    plan: CallingPlan;
    capability: string;
    /** When the licence was bought (ms): no call before. */
    heldFrom: number;
}

/** A large tenant's calls come from its first thousand users: plenty for any mix, and bounded. */
export const MAX_SEATS = 1000;

const FIRST = ['Ava', 'Ben', 'Chloe', 'Daniel', 'Emma', 'Felix', 'Grace', 'Hugo', 'Isla', 'Jonas', 'Klara', 'Liam', 'Mia', 'Noah', 'Olivia', 'Paul', 'Rosa', 'Sam', 'Tara', 'Victor'] as const;
const LAST = ['Adams', 'Berg', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ito', 'Jansen', 'Keller', 'Lopez', 'Meyer', 'Novak', 'Olsen', 'Peters', 'Rossi', 'Schmidt', 'Taylor', 'Weber'] as const;

const cache = new WeakMap<Customer, Seat[]>();

export function seatsOf(c: Customer): Seat[] {
    const known = cache.get(c);
    if (known) return known;
    const domain = c.adminContact.split('@')[1];
    const seats: Seat[] = [];
    for (const licence of [...c.subscriptions, ...(c.directLicences ?? [])]) {
        if (!licence.plan) continue;
        for (let k = 0; k < licence.quantity && seats.length < MAX_SEATS; k++) seats.push(seat(c.tenantId, domain, seats.length, licence.plan, Date.parse(licence.purchasedAt)));
    }
    cache.set(c, seats);
    return seats;
}

/** The seats whose licence was held at `ms`. */
export function seatsAt(c: Customer, ms: number): Seat[] {
    return seatsOf(c).filter((s) => s.heldFrom <= ms);
}

function seat(tenantId: string, domain: string, n: number, plan: CallingPlan, heldFrom: number): Seat {
    const r = seededRandom(seedOf(`${tenantId}/user/${n}`));
    // FIRST × LAST (400) names, then a number: unique within the tenant
    const first = FIRST[n % FIRST.length];
    const last = LAST[Math.floor(n / FIRST.length) % LAST.length];
    const round = Math.floor(n / (FIRST.length * LAST.length));
    return {
        userId: randomGuid(r),
        userPrincipalName: `${first}.${last}${round ? round + 1 : ''}@${domain}`.toLowerCase(),
        userDisplayName: `${first} ${last}${round ? ` ${round + 1}` : ''}`,
        number: phoneNumber(r, plan.country),
        country: plan.country,
        plan,
        capability: capabilityOf(plan),
        heldFrom,
    };
}

/** A number in `country` (its dialling code, then nine digits). */
export function phoneNumber(r: { next(): number }, country: string): string {
    let digits = '';
    for (let i = 0; i < 9; i++) digits += Math.floor(r.next() * 10);
    return `${COUNTRIES[country]?.dialCode ?? '+1'}${digits}`;
}
