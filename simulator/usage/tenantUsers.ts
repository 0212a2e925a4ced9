// A tenant's users: one for each licence unit (a subscription's or a direct
// licence's), in the order the world lists them, each holding that licence,
// with an id, a sign-in name, a phone number and a usage location (the
// country of the licence's calling plan, else the tenant's). Those with a
// calling plan (seats) make the tenant's PSTN calls, under its capability.
// Drawn from the tenant id, so the same world has the same users every time.
import { COUNTRIES } from './countries';
import { CallingPlan, capabilityOf } from './capabilities';
import { randomGuid, seededRandom, seedOf } from '../world/random';
import type { Customer, TenantLicence } from '../world';

export interface TenantUser {
    userId: string;
    userPrincipalName: string;
    userDisplayName: string;
    /** The user's own number, E.164. */
    number: string;
    /** The usage location: the country of the licence's plan, else the tenant's. */
    country: string;
    licence: TenantLicence;
    plan: CallingPlan | null;
    /** When the licence was bought (ms): no call before. */
    heldFrom: number;
}

/** A user with a calling plan, who makes calls under its capability. */
export interface Seat extends TenantUser {
    plan: CallingPlan;
    capability: string;
}

/** Users a tenant has at most: a large tenant's first 5,000 licence units (bounded memory; more than any demo or test needs). */
export const MAX_USERS = 5000;

const FIRST = ['Ava', 'Ben', 'Chloe', 'Daniel', 'Emma', 'Felix', 'Grace', 'Hugo', 'Isla', 'Jonas', 'Klara', 'Liam', 'Mia', 'Noah', 'Olivia', 'Paul', 'Rosa', 'Sam', 'Tara', 'Victor'] as const;
const LAST = ['Adams', 'Berg', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ito', 'Jansen', 'Keller', 'Lopez', 'Meyer', 'Novak', 'Olsen', 'Peters', 'Rossi', 'Schmidt', 'Taylor', 'Weber'] as const;

const cache = new WeakMap<Customer, { users: TenantUser[]; seats: Seat[] }>();

function known(c: Customer): { users: TenantUser[]; seats: Seat[] } {
    const hit = cache.get(c);
    if (hit) return hit;
    const domain = c.adminContact.split('@')[1];
    const users: TenantUser[] = [];
    for (const licence of [...c.subscriptions, ...(c.directLicences ?? [])]) {
        for (let k = 0; k < licence.quantity && users.length < MAX_USERS; k++) users.push(user(c, domain, users.length, licence));
    }
    const seats = users.filter((u): u is Seat => u.plan !== null);
    cache.set(c, { users, seats });
    return { users, seats };
}

export function usersOf(c: Customer): TenantUser[] {
    return known(c).users;
}

export function seatsOf(c: Customer): Seat[] {
    return known(c).seats;
}

/** The seats whose licence was held at `ms`. */
export function seatsAt(c: Customer, ms: number): Seat[] {
    return seatsOf(c).filter((s) => s.heldFrom <= ms);
}

function user(c: Customer, domain: string, n: number, licence: TenantLicence): TenantUser | Seat {
    const r = seededRandom(seedOf(`${c.tenantId}/user/${n}`));
    const country = usageLocationOf(c, licence);
    // FIRST × LAST (400) names, then a number: unique within the tenant
    const first = FIRST[n % FIRST.length];
    const last = LAST[Math.floor(n / FIRST.length) % LAST.length];
    const round = Math.floor(n / (FIRST.length * LAST.length));
    return {
        userId: randomGuid(r),
        userPrincipalName: `${first}.${last}${round ? round + 1 : ''}@${domain}`.toLowerCase(),
        userDisplayName: `${first} ${last}${round ? ` ${round + 1}` : ''}`,
        number: phoneNumber(r, country),
        country,
        licence,
        plan: licence.plan,
        heldFrom: Date.parse(licence.purchasedAt),
        ...(licence.plan ? { capability: capabilityOf(licence.plan) } : {}),
    };
}

/** Where the users holding a licence are: the country of its calling plan, else the tenant's. */
export function usageLocationOf(c: Customer, licence: TenantLicence): string {
    return licence.plan?.country ?? c.country;
}

/** A number in `country` (its dialling code, then nine digits). */
export function phoneNumber(r: { next(): number }, country: string): string {
    let digits = '';
    for (let i = 0; i < 9; i++) digits += Math.floor(r.next() * 10);
    return `${COUNTRIES[country]?.dialCode ?? '+1'}${digits}`;
}
