// A batch of one day's calls from one import: the unit usage is stored in.
// Rows are arrays, not objects, and the strings that repeat (call types,
// currencies, capabilities, countries) are written once per batch, so a call
// costs ~40 bytes plus its UsageId instead of ~250 as JSON objects. A batch
// holds one supplier's calls and names it once: every stored row keeps its source.
// A row with Microsoft's own charge keeps it (three more numbers): older
// batches, and rows without it, end after the flags.
import type { UsageCall, UsageSource } from '../../core/rating/ratingModel';

/**
 * [usageId, ms since the day's start, durationSeconds, callType, capability, currency, destination, userLocation, flags,
 *  microsoftCharge, microsoftConnectionCharge, microsoftCurrency]; strings by `dict` index, -1 for null. The last three
 * (Microsoft's charge in micro-units, and its currency) only on a row that has Microsoft's charge.
 */
export type EncodedCall = [string, number, number, number, number, number, number, number, number, number?, number?, number?];

export interface UsageBatch {
    id: string;
    importId: string;
    /** `YYYY-MM-DD`, UTC. */
    day: string;
    /** Who supplied the calls (absent in batches written before it was kept: their import's document says). */
    source?: UsageSource;
    dict: string[];
    rows: EncodedCall[];
}

/** At most this many calls, or about this many bytes, per batch (Cosmos items stop at 2 MB). */
export const BATCH_MAX_CALLS = 2000;
export const BATCH_MAX_BYTES = 900_000;

const TOLL_FREE = 1;
const DOMESTIC = 2;
const INTERNATIONAL = 4;
/** While an import is staging: the UsageId may be a repeat, to be settled before the commit (stagedImport.ts). Never in a committed batch. */
export const SUSPECT = 8;
/** What a row costs besides its UsageId, as JSON (numbers, commas, brackets). */
const ROW_OVERHEAD_BYTES = 48;
/** …and Microsoft's charge, when it has one. */
const CHARGE_BYTES = 36;

export class BatchBuilder {
    readonly rows: EncodedCall[] = [];
    bytes = 0;
    /** Rows added as suspected repeats. */
    suspects = 0;
    private readonly dict: string[] = [];
    private readonly index = new Map<string, number>();

    constructor(readonly day: string, private readonly dayStart: number) {}

    add(call: UsageCall, suspect = false): void {
        const flags = (call.tollFree ? TOLL_FREE : 0) | (call.international === null ? 0 : call.international ? INTERNATIONAL : DOMESTIC) | (suspect ? SUSPECT : 0);
        if (suspect) this.suspects++;
        const row: EncodedCall = [
            call.usageId, call.start - this.dayStart, call.durationSeconds, this.ref(call.callType), this.ref(call.capability),
            this.ref(call.currency), this.ref(call.destination), this.ref(call.userLocation), flags,
        ];
        this.bytes += jsonBytes(call.usageId) + ROW_OVERHEAD_BYTES;
        if (call.microsoftCharge !== undefined) {
            row.push(call.microsoftCharge, call.microsoftConnectionCharge ?? 0, this.ref(call.microsoftCurrency ?? call.currency));
            this.bytes += CHARGE_BYTES;
        }
        this.rows.push(row);
    }

    get full(): boolean {
        return this.rows.length >= BATCH_MAX_CALLS || this.bytes >= BATCH_MAX_BYTES;
    }

    toBatch(id: string, importId: string, source: UsageSource): UsageBatch {
        return { id, importId, day: this.day, source, dict: this.dict, rows: this.rows };
    }

    private ref(value: string | null): number {
        if (value === null) return -1;
        let i = this.index.get(value);
        if (i === undefined) {
            i = this.dict.push(value) - 1;
            this.index.set(value, i);
            this.bytes += jsonBytes(value) + 1;
        }
        return i;
    }
}

/** The row with other flags, the rest of it (Microsoft's charge included) as it was. */
export function withFlags(row: EncodedCall, flags: number): EncodedCall {
    const copy = [...row] as EncodedCall;
    copy[8] = flags;
    return copy;
}

const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** What a string costs in the stored JSON (UTF-8, quotes and escapes included); ids are plain ASCII as a rule. */
function jsonBytes(value: string): number {
    return PLAIN.test(value) ? value.length + 2 : Buffer.byteLength(JSON.stringify(value));
}

/** The calls of a batch; `source` stands in for a batch that does not name its supplier. */
export function decodeBatch(batch: Pick<UsageBatch, 'day' | 'dict' | 'rows' | 'source'>, source?: UsageSource): UsageCall[] {
    const dayStart = Date.parse(`${batch.day}T00:00:00Z`);
    const s = (i: number): string | null => (i < 0 ? null : batch.dict[i]);
    const supplier = batch.source ?? source;
    return batch.rows.map(([usageId, offset, durationSeconds, callType, capability, currency, destination, userLocation, flags, charge, connection, chargeCurrency]) => ({
        usageId, start: dayStart + offset, durationSeconds,
        callType: s(callType)!, capability: s(capability)!, currency: s(currency)!,
        destination: s(destination), userLocation: s(userLocation),
        tollFree: (flags & TOLL_FREE) !== 0,
        international: flags & INTERNATIONAL ? true : flags & DOMESTIC ? false : null,
        source: supplier,
        // present on every call, set or not: one object shape for the rating
        microsoftCharge: charge, microsoftConnectionCharge: connection, microsoftCurrency: chargeCurrency === undefined ? undefined : s(chargeCurrency)!,
    }));
}
