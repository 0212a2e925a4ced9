// Small value types shared by the domain schemas. Kept strict where Microsoft's
// APIs are strict, so a local run cannot accept data Azure would refuse.
import { z } from 'zod';

/**
 * A Microsoft id in 8-4-4-4-12 hex form (tenant, subscription, entitlement).
 * zod's `guid()` checks the shape only, not the RFC version/variant bits, so
 * readable fixed ids such as `11111111-…` in test worlds stay valid.
 */
export const Guid = z.guid();

/**
 * A Partner Center partner id (MPN / Partner location id; digits in practice, a
 * tenant GUID where partners are known by tenant): letters, digits, `.`, `_`
 * and `-`, at most 64. It becomes part of store keys, file names and headers.
 */
export const PartnerId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a partner id: letters, digits, ".", "_" or "-", at most 64');

/** ISO 3166-1 alpha-2, upper case (`DE`, `US`); the shape is checked, not the list of assigned codes. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code in upper case, e.g. "DE"');

/** ISO 4217 currency, upper case (`EUR`). */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 currency code in upper case, e.g. "EUR"');

/** An instant with an explicit zone (`Z` or `+01:00`), as Partner Center returns them. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** A calendar day, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();

export const Email = z.email();

/** A user principal name has the shape of a mail address. */
export const Upn = z.email();

/** An Azure region name as ARM writes it (`westeurope`) or as the portal shows it (`West Europe`). */
export const AzureRegion = z.string().regex(/^[A-Za-z0-9 ]+$/, 'must be an Azure region name, e.g. "westeurope"');

/** `West Europe`, `westeurope` and `WestEurope` are the same region to ARM. */
export function normalizeRegion(region: string): string {
    return region.replace(/\s+/g, '').toLowerCase();
}

/** Orders two ISO instants by the moment they denote (offsets taken into account), not by their text. */
export function compareInstants(a: string, b: string): number {
    return Date.parse(a) - Date.parse(b);
}

/** Plain code-point order, independent of the process locale, for deterministic tie-breaks. */
export function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
