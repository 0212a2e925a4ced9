// Countries as the rating keys them: ISO 3166 alpha-2. The report holds a
// code in some columns and an English name in others ("Destination Dialed":
// "United Kingdom"), so both are accepted, and alpha-3 too.
import countries = require('i18n-iso-countries');

/** Looked-up cells: a report names a few dozen countries over and over, and the library's name lookup is a linear scan. */
const known = new Map<string, string | null | undefined>();
const MAX_KNOWN = 10_000;

/** The alpha-2 code; null for a blank cell; undefined when it names no country. */
export function countryCode(value: string): string | null | undefined {
    if (known.has(value)) return known.get(value);
    const code = lookUp(value);
    if (known.size >= MAX_KNOWN) known.clear();
    known.set(value, code);
    return code;
}

function lookUp(value: string): string | null | undefined {
    const v = value.trim();
    if (!v) return null;
    if (/^[A-Za-z]{2}$/.test(v)) return countries.isValid(v) ? v.toUpperCase() : undefined;
    if (/^[A-Za-z]{3}$/.test(v)) {
        const code = countries.alpha3ToAlpha2(v.toUpperCase());
        if (code) return code;
    }
    return countries.getAlpha2Code(v, 'en') ?? undefined;
}
