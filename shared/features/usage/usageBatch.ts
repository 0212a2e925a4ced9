// A batch of one day's calls from one import: the unit usage is stored in.
// Rows are arrays, not objects, and the strings that repeat (call types,
// currencies, capabilities, countries) are written once per batch, so a call
// costs ~40 bytes plus its UsageId instead of ~250 as JSON objects. A batch
// holds one supplier's calls and names it once: every stored row keeps its source.
// A call that carries Microsoft's own charges (rows pulled from Graph) has them
// as two more numbers at the end; other rows stay nine long.
import type { MicrosoftCharges, UsageCall, UsageSource } from '../../core/rating/ratingModel';

/**
 * [usageId, ms since the day's start, durationSeconds, callType, capability, currency, destination, userLocation, flags,
 * charge?, connectionCharge?]; strings by `dict` index, -1 for null; the charges as Microsoft's numbers, or null.
 */
export type EncodedCall = [string, number, number, number, number, number, number, number, number, (number | null)?, (number | null)?];

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
        if (call.charges) {
            const charge = amount(call.charges.charge);
            const connection = amount(call.charges.connectionCharge);
            row.push(charge, connection);
            this.bytes += String(charge).length + String(connection).length + 2;
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

/** A charge's decimal text as the number Microsoft sent (which prints back as the same text). */
function amount(text: string | null): number | null {
    if (text === null) return null;
    const n = Number(text);
    if (!Number.isFinite(n)) throw new RangeError(`a charge of ${JSON.stringify(text)} is not a number`);
    return n;
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
    return batch.rows.map((row) => {
        const [usageId, offset, durationSeconds, callType, capability, currency, destination, userLocation, flags] = row;
        const call: UsageCall = {
            usageId, start: dayStart + offset, durationSeconds,
            callType: s(callType)!, capability: s(capability)!, currency: s(currency)!,
            destination: s(destination), userLocation: s(userLocation),
            tollFree: (flags & TOLL_FREE) !== 0,
            international: flags & INTERNATIONAL ? true : flags & DOMESTIC ? false : null,
            source: supplier,
        };
        if (row.length > 9) call.charges = chargesOf(row[9], row[10]);
        return call;
    });
}

function chargesOf(charge: number | null | undefined, connectionCharge: number | null | undefined): MicrosoftCharges {
    const text = (n: number | null | undefined) => (n === null || n === undefined ? null : String(n));
    return { charge: text(charge), connectionCharge: text(connectionCharge) };
}
