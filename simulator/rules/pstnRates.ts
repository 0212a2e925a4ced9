// Microsoft's prices for PSTN minutes, as the simulator charges them in
// Graph's call log: a per-minute price and a connection fee per call, by
// what the minute is (a call, an Audio Conferencing dial-out, a toll-free
// minute), where it goes and the currency. The simulator's own table, kept
// here as data: the same illustrative figures as the demo price list the
// docs publish (made up to look plausible, not Microsoft's real prices), so a
// demo's calls are charged what the demo rate card says unless a call's
// `charge` is set to differ on purpose.

export type MinuteKind = 'calling' | 'conferencing' | 'tollFree';

export interface Rate {
    perMinute: number;
    connectionFee: number;
}

type Row = readonly [country: string, perMinute: number, connectionFee: number];

/** [country, per minute, connection fee], by kind and currency. */
const TABLE: Readonly<Record<MinuteKind, Readonly<Record<'USD' | 'EUR', readonly Row[]>>>> = {
    calling: {
        USD: [
            ['US', 0.0120, 0], ['CA', 0.0150, 0], ['GB', 0.0230, 0], ['DE', 0.0280, 0], ['FR', 0.0310, 0], ['NL', 0.0330, 0],
            ['ES', 0.0290, 0], ['IT', 0.0340, 0], ['AU', 0.0450, 0], ['JP', 0.0870, 0.0100], ['IN', 0.0520, 0.0150], ['BR', 0.0640, 0.0150],
            ['MX', 0.0380, 0.0100], ['AT', 0.0350, 0], ['BE', 0.0360, 0], ['CH', 0.0420, 0], ['SE', 0.0270, 0], ['IE', 0.0300, 0],
        ],
        EUR: [
            ['US', 0.0110, 0], ['CA', 0.0138, 0], ['GB', 0.0212, 0], ['DE', 0.0258, 0], ['FR', 0.0285, 0], ['NL', 0.0304, 0],
            ['ES', 0.0267, 0], ['IT', 0.0313, 0], ['AU', 0.0414, 0], ['JP', 0.0800, 0.0100], ['IN', 0.0478, 0.0150], ['BR', 0.0589, 0.0150],
            ['MX', 0.0350, 0.0100], ['AT', 0.0322, 0], ['BE', 0.0331, 0], ['CH', 0.0386, 0], ['SE', 0.0248, 0], ['IE', 0.0276, 0],
        ],
    },
    conferencing: {
        USD: [
            ['US', 0.0150, 0], ['CA', 0.0188, 0], ['GB', 0.0288, 0], ['DE', 0.0350, 0], ['FR', 0.0388, 0], ['NL', 0.0413, 0],
            ['ES', 0.0363, 0], ['IT', 0.0425, 0], ['AU', 0.0563, 0.0050], ['JP', 0.1088, 0.0100], ['IN', 0.0650, 0.0150], ['BR', 0.0800, 0.0150],
            ['MX', 0.0475, 0.0100], ['AT', 0.0438, 0], ['BE', 0.0450, 0], ['CH', 0.0525, 0], ['SE', 0.0338, 0], ['IE', 0.0375, 0],
        ],
        EUR: [
            ['US', 0.0138, 0], ['CA', 0.0173, 0], ['GB', 0.0265, 0], ['DE', 0.0322, 0], ['FR', 0.0357, 0], ['NL', 0.0380, 0],
            ['ES', 0.0334, 0], ['IT', 0.0391, 0], ['AU', 0.0518, 0.0050], ['JP', 0.1001, 0.0100], ['IN', 0.0598, 0.0150], ['BR', 0.0736, 0.0150],
            ['MX', 0.0437, 0.0100], ['AT', 0.0403, 0], ['BE', 0.0414, 0], ['CH', 0.0483, 0], ['SE', 0.0311, 0], ['IE', 0.0345, 0],
        ],
    },
    // by the country the toll-free number answers in
    tollFree: {
        USD: [['US', 0.0190, 0.0200], ['GB', 0.0450, 0.0200], ['DE', 0.0520, 0.0200], ['FR', 0.0480, 0.0200]],
        EUR: [['US', 0.0175, 0.0200], ['GB', 0.0414, 0.0200], ['DE', 0.0478, 0.0200], ['FR', 0.0442, 0.0200]],
    },
};

const RATES = new Map<string, Rate>(
    (Object.entries(TABLE) as Array<[MinuteKind, Record<string, readonly Row[]>]>).flatMap(([kind, byCurrency]) =>
        Object.entries(byCurrency).flatMap(([currency, rows]) => rows.map(([country, perMinute, connectionFee]) => [`${kind}/${currency}/${country}`, { perMinute, connectionFee }] as const))),
);

/** The price of a minute of `kind` to (or, toll-free, in) `country`, in `currency`; undefined where the table has none. */
export function rateOf(kind: MinuteKind, country: string, currency: string): Rate | undefined {
    return RATES.get(`${kind}/${currency}/${country}`);
}

/** The currencies the table prices in. */
export const RATED_CURRENCIES = ['USD', 'EUR'] as const;
