// The countries the simulated PSTN calls reach: the English name Graph's
// `destinationName` gives, the dialling code, and the currency Microsoft
// charges a tenant there in. The simulator's rate table (rules/pstnRates.ts)
// has USD and EUR only, so every tenant is charged in one of them: European
// countries in EUR, the rest in USD (a world's `usage.currency` may say otherwise).

export interface Country {
    name: string;
    dialCode: string;
    currency: 'USD' | 'EUR';
}

export const COUNTRIES: Readonly<Record<string, Country>> = {
    US: { name: 'United States', dialCode: '+1', currency: 'USD' },
    CA: { name: 'Canada', dialCode: '+1', currency: 'USD' },
    PR: { name: 'Puerto Rico', dialCode: '+1', currency: 'USD' },
    MX: { name: 'Mexico', dialCode: '+52', currency: 'USD' },
    BR: { name: 'Brazil', dialCode: '+55', currency: 'USD' },
    GB: { name: 'United Kingdom', dialCode: '+44', currency: 'EUR' },
    IE: { name: 'Ireland', dialCode: '+353', currency: 'EUR' },
    DE: { name: 'Germany', dialCode: '+49', currency: 'EUR' },
    FR: { name: 'France', dialCode: '+33', currency: 'EUR' },
    NL: { name: 'Netherlands', dialCode: '+31', currency: 'EUR' },
    BE: { name: 'Belgium', dialCode: '+32', currency: 'EUR' },
    AT: { name: 'Austria', dialCode: '+43', currency: 'EUR' },
    IT: { name: 'Italy', dialCode: '+39', currency: 'EUR' },
    ES: { name: 'Spain', dialCode: '+34', currency: 'EUR' },
    CH: { name: 'Switzerland', dialCode: '+41', currency: 'EUR' },
    SE: { name: 'Sweden', dialCode: '+46', currency: 'EUR' },
    DK: { name: 'Denmark', dialCode: '+45', currency: 'EUR' },
    AU: { name: 'Australia', dialCode: '+61', currency: 'USD' },
    JP: { name: 'Japan', dialCode: '+81', currency: 'USD' },
    IN: { name: 'India', dialCode: '+91', currency: 'USD' },
};

const BY_NAME = new Map(Object.entries(COUNTRIES).map(([code, c]) => [c.name.toLowerCase(), code]));

/** The English name, or the code itself for a country the table does not hold. */
export function countryName(code: string): string {
    return COUNTRIES[code]?.name ?? code;
}

/** The code of a country named in English, or given by its code; undefined when the table does not know it. */
export function countryCodeOf(nameOrCode: string): string | undefined {
    const v = nameOrCode.trim();
    if (/^[A-Za-z]{2}$/.test(v) && COUNTRIES[v.toUpperCase()]) return v.toUpperCase();
    return BY_NAME.get(v.toLowerCase());
}

/** What Microsoft charges a tenant of this country in; USD outside the table. */
export function currencyOf(country: string): 'USD' | 'EUR' {
    return COUNTRIES[country]?.currency ?? 'USD';
}
