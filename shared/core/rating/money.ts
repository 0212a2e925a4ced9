// Exact money for the rating: integer micro-units (1e-6 of the currency) held
// in plain JS numbers. Every value read is a decimal with at most 6 decimals,
// so sums and products of them stay exact integers while they are safe
// integers (below 2^53, i.e. 9 billion currency units); the rating asserts
// that where a value could outgrow it. Binary floating point never touches a
// fractional amount: a number given as input is read through its shortest
// decimal string (0.0123 → "0.0123"), and 0.1 + 0.2 (0.30000000000000004) is
// refused, not rounded.

/** Micro-units in one currency unit. */
export const MICRO = 1_000_000;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * A non-negative decimal (number or string, at most 6 decimals) as integer
 * micro-units. Throws, naming `what`, on anything else: a silent rounding of a
 * price would be a silent wrong bill.
 */
export function toMicro(value: number | string, what: string): number {
    let text: string;
    if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new RangeError(`${what}: ${value} is not a finite amount`);
        text = String(value);
    } else {
        text = value.trim();
    }
    if (text.startsWith('-')) throw new RangeError(`${what}: ${text} is negative`);
    const m = DECIMAL.exec(text);
    if (!m) {
        throw new RangeError(/e-/i.test(text)
            ? `${what}: ${text} has more than 6 decimals`
            : `${what}: ${JSON.stringify(text)} is not a decimal amount`);
    }
    const fraction = (m[2] ?? '').replace(/0+$/, '');
    if (fraction.length > 6) throw new RangeError(`${what}: ${text} has more than 6 decimals`);
    const micro = Number(m[1]) * MICRO + (fraction ? Number(fraction.padEnd(6, '0')) : 0);
    if (!Number.isSafeInteger(micro)) throw new RangeError(`${what}: ${text} is too large to rate exactly`);
    return micro;
}

/** Throws when an exact sum or product has outgrown the safe integers. */
export function assertSafe(micro: number, what: string): number {
    if (!Number.isSafeInteger(micro)) throw new RangeError(`${what} exceeds ${Number.MAX_SAFE_INTEGER} micro-units: too large to keep exact`);
    return micro;
}

/** Integer micro-units rounded half-up (half away from zero) to 4 decimals, still in micro-units: 12_345_650 → 12_345_700. */
export function roundMicro4(micro: number): number {
    const sign = micro < 0 ? -1 : 1;
    const abs = Math.abs(micro);
    // integer arithmetic only: abs % 100 and abs - r are exact below 2^53
    const r = abs % 100;
    return sign * (abs - r + (r >= 50 ? 100 : 0));
}

/** Integer micro-units rounded half-up (half away from zero) to 4 decimals: `"12.3457"`. */
export function formatMicro4(micro: number): string {
    const sign = micro < 0 ? '-' : '';
    const tenThousandths = Math.abs(roundMicro4(micro)) / 100;
    const frac = tenThousandths % 10_000;
    return `${sign}${(tenThousandths - frac) / 10_000}.${String(frac).padStart(4, '0')}`;
}

/** Integer micro-units as the shortest decimal: `"0.0123"`, `"1"`, `"2.5"` (no trailing zeros). */
export function formatMicroTrim(micro: number): string {
    const sign = micro < 0 ? '-' : '';
    const abs = Math.abs(micro);
    const frac = abs % MICRO;
    const whole = (abs - frac) / MICRO;
    if (frac === 0) return `${sign}${whole}`;
    return `${sign}${whole}.${String(frac).padStart(6, '0').replace(/0+$/, '')}`;
}

/**
 * The quantity of a line whose total is not a whole number of units (credits
 * paid part of a fee or of a call's minutes): `total ÷ unitPrice` as a decimal
 * string, rounded half-up to 6 decimals, so that `quantity × unitPrice`,
 * rounded half-up to 4 decimals, is exactly `total`. Six decimals always do for
 * a unit price below 100 (the product is then off by less than 0.00005); a
 * dearer unit gets more decimals, as many as it takes. `totalMicro` must
 * already be rounded to 4 decimals (roundMicro4), `unitPriceMicro` above zero.
 */
export function quantityFor(totalMicro: number, unitPriceMicro: number): string {
    if (!(unitPriceMicro > 0) || !Number.isSafeInteger(unitPriceMicro)) throw new RangeError(`a quantity needs a unit price above zero, not ${unitPriceMicro} micro-units`);
    if (!Number.isSafeInteger(totalMicro) || totalMicro < 0 || totalMicro % 100 !== 0) throw new RangeError(`${totalMicro} micro-units is not a total rounded to 4 decimals`);
    // BigInt: total × 10^decimals passes 2^53; this runs only for lines credits paid part of
    const total = BigInt(totalMicro);
    const price = BigInt(unitPriceMicro);
    for (let decimals = 6; ; decimals++) {
        const scale = 10n ** BigInt(decimals);
        const scaled = (total * scale * 2n + price) / (2n * price); // quantity × 10^decimals, half-up
        // quantity × price in micro-units is scaled × price ÷ 10^decimals; half-up to 4 decimals is to 100 micro-units
        const unit = scale * 100n;
        if (((scaled * price * 2n + unit) / (2n * unit)) * 100n === total) return formatScaled(scaled, scale);
    }
}

/** `scaled ÷ scale` (a power of ten) as the shortest decimal. */
function formatScaled(scaled: bigint, scale: bigint): string {
    const whole = scaled / scale;
    const frac = scaled % scale;
    if (frac === 0n) return String(whole);
    return `${whole}.${String(frac).padStart(String(scale).length - 1, '0').replace(/0+$/, '')}`;
}

/** ⌈a ÷ b⌉ for non-negative safe integers a and b > 0, exactly. */
export function ceilDiv(a: number, b: number): number {
    const r = a % b;
    return (a - r) / b + (r > 0 ? 1 : 0);
}

const CHARGE = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Whether a cell is an amount as Microsoft's call records write it (Graph's
 * `charge`, the report's `Charge`: any number of decimals, a sign, an
 * exponent). Such amounts are only ever compared with the rating
 * (chargeCheck.ts); an amount the app bills is read by toMicro, exactly or not at all.
 */
export function isChargeText(text: string): boolean {
    return CHARGE.test(text);
}

/** A charge as read by isChargeText, in micro-units rounded to the nearest; undefined when it is none or too large. */
export function chargeMicro(text: string): number | undefined {
    const micro = Math.round(Number(text) * MICRO);
    return Number.isSafeInteger(micro) ? micro : undefined;
}
