// The Teams PSTN usage report's columns (DOMAIN.md "Usage input"), which of
// them an import needs, and how a file's header row is matched to them:
// case-insensitively, trimmed, in any order, extra columns ignored.

/** Every column of the report, as Microsoft's export names them. */
export const USAGE_COLUMNS = [
    'UsageId', 'Call ID', 'Conference ID', 'User Location', 'AAD ObjectId', 'UPN', 'User Display Name',
    'Caller ID', 'Call Type', 'Number Type', 'Domestic/International', 'Destination Dialed',
    'Destination Number', 'Start Time', 'End Time', 'Duration Seconds', 'Connection Fee', 'Charge',
    'Currency', 'Capability',
] as const;

/** The columns a call is normalised from (shared/core/rating/ratingModel.ts UsageCall); a file without one of them is refused. */
export const REQUIRED_COLUMNS = [
    'UsageId', 'Start Time', 'Duration Seconds', 'Call Type', 'Number Type', 'Domestic/International',
    'Destination Dialed', 'User Location', 'Currency', 'Capability',
] as const;
/** Microsoft's own charge for the call: kept when the file has them, as a check on the rating (never billed). */
export const OPTIONAL_COLUMNS = ['Charge', 'Connection Fee'] as const;

/** The columns an import reads. */
export const READ_COLUMNS = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS] as const;
export type UsageColumn = (typeof READ_COLUMNS)[number];
export type RequiredColumn = (typeof REQUIRED_COLUMNS)[number];

/** One row as text, by column; a missing value is ''. */
export type RawUsageRow = Record<UsageColumn, string>;

const key = (name: string): string => name.trim().toLowerCase();
const READ_BY_KEY = new Map<string, UsageColumn>(READ_COLUMNS.map((c) => [key(c), c]));

/** Where each column sits in a header row (-1: an optional column the file lacks), or which required ones are missing. */
export function matchHeader(header: readonly string[]): { positions: Record<UsageColumn, number> } | { missing: RequiredColumn[] } {
    const positions: Partial<Record<UsageColumn, number>> = {};
    header.forEach((name, i) => {
        const column = READ_BY_KEY.get(key(name));
        // the first of two same-named columns wins, as a spreadsheet reader would show it
        if (column && positions[column] === undefined) positions[column] = i;
    });
    const missing = REQUIRED_COLUMNS.filter((c) => positions[c] === undefined);
    for (const c of OPTIONAL_COLUMNS) positions[c] ??= -1;
    return missing.length ? { missing } : { positions: positions as Record<UsageColumn, number> };
}

/** A header-matched record as a row. */
export function rowOf(values: readonly string[], positions: Record<UsageColumn, number>): RawUsageRow {
    const row = {} as RawUsageRow;
    for (const column of READ_COLUMNS) row[column] = values[positions[column]] ?? '';
    return row;
}

/** Where each column's field is, in READ_COLUMNS' order (for rowAt); -1 for an optional column the file lacks. */
export function fieldIndexes(positions: Record<UsageColumn, number>): Int32Array {
    return Int32Array.from(READ_COLUMNS, (c) => positions[c]);
}

/**
 * A record as a row, its fields read from `record` at `at` (fieldIndexes):
 * the same as rowOf, written out so that every row is made with one shape
 * (the usage import makes millions).
 */
export function rowAt(record: { field(i: number): string }, at: Int32Array): RawUsageRow {
    return {
        'UsageId': record.field(at[0]), 'Start Time': record.field(at[1]), 'Duration Seconds': record.field(at[2]), 'Call Type': record.field(at[3]),
        'Number Type': record.field(at[4]), 'Domestic/International': record.field(at[5]), 'Destination Dialed': record.field(at[6]),
        'User Location': record.field(at[7]), 'Currency': record.field(at[8]), 'Capability': record.field(at[9]),
        'Charge': at[10] < 0 ? '' : record.field(at[10]), 'Connection Fee': at[11] < 0 ? '' : record.field(at[11]),
    };
}

/** A JSON object keyed by report column names (any case), as a row; absent columns are ''. */
export function rowOfObject(fields: Record<string, unknown>): RawUsageRow {
    const row = Object.fromEntries(READ_COLUMNS.map((c) => [c, ''])) as RawUsageRow;
    for (const [name, value] of Object.entries(fields)) {
        const column = READ_BY_KEY.get(key(name));
        if (column && row[column] === '') row[column] = text(value);
    }
    return row;
}

/** A JSON value as the text a CSV cell would hold. */
export function text(value: unknown): string {
    if (value === null || value === undefined) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
